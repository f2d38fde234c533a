-- 回访: follow-up visits after a complaint; satisfaction is asked on a 1–5 scale.
SELECT v.complaint_no AS complaint_id,
       v.visited_at   AS visited_at,
       v.satisfaction AS score,
       1              AS scale_min,
       5              AS scale_max
FROM complaint_visits v
ORDER BY v.visit_id
