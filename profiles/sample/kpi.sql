SELECT k.dept_id      AS unit_id,
       k.period_label AS period,
       k.metric       AS metric,
       k.value        AS value,
       k.target       AS target,
       k.better       AS direction
FROM dept_kpis k
ORDER BY k.dept_id, k.period_label, k.metric
