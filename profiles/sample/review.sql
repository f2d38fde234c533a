-- Appraisal scores are on 0–100; the weight column is the criterion's weight in percent.
SELECT r.dept_id      AS subject_id,
       r.period_label AS period,
       r.criterion    AS criterion,
       r.score        AS score,
       0              AS scale_min,
       100            AS scale_max,
       r.weight       AS weight,
       r.rater_emp_no AS rater_id,
       r.rater_role   AS rater_role
FROM appraisal_scores r
ORDER BY r.appraisal_id
