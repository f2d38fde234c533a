-- OrangeHRM 5.x performance reviews: one row per KPI rating of a finished review.
--   ohrm_reviewer_rating (rating DECIMAL, kpi_id, review_id, reviewer_id)
--   ohrm_reviewer        (status: 1 activated, 2 in progress, 3 completed; reviewer_group_id)
--   ohrm_reviewer_group  ('Supervisor' | 'Employee' = self-evaluation)
--   ohrm_performance_review (status_id: 1 inactive, 2 activated, 3 in progress, 4 completed;
--                            employee_number, work_period_start/end)
--   ohrm_kpi             (kpi_indicators, min_rating, max_rating: the scale of each KPI)
-- Scope (rows outside it are not read): completed reviews (status_id = 4), ratings given by a
-- completed (status = 3) Supervisor reviewer. Self-evaluations are left out; to include them,
-- drop the reviewer-group condition (rater_role then tells them apart).
-- subject: the reviewed employee (E<emp_number>, as in employee.sql); period: the calendar year
-- in which the review's work period ends; scale: the KPI's own [min_rating, max_rating].
-- criterion: the KPI text mapped to an icm appraisal criterion by the small list below (edit it
-- for your KPIs; comparison ignores case and surrounding spaces); an unmapped KPI keeps its text
-- as criterion, is accepted, and counts only if listed in settings.ini [appraisal] criteria.
-- The KPI is LEFT JOINed so that a rating of a vanished KPI arrives with no scale and is
-- rejected (bad_scale) instead of disappearing.
SELECT CONCAT('E', r.employee_number)              AS subject_id,
       CAST(YEAR(r.work_period_end) AS CHAR)        AS period,
       COALESCE(m.criterion, TRIM(k.kpi_indicators)) AS criterion,
       rr.rating                                    AS score,
       k.min_rating                                 AS scale_min,
       k.max_rating                                 AS scale_max,
       NULL                                         AS weight,
       CONCAT('E', rv.employee_number)              AS rater_id,
       LOWER(g.name)                                AS rater_role,
       rr.id                                        AS rating_id,
       r.id                                         AS review_id
FROM ohrm_reviewer_rating rr
JOIN ohrm_reviewer rv           ON rv.id = rr.reviewer_id
JOIN ohrm_reviewer_group g      ON g.id = rv.reviewer_group_id
JOIN ohrm_performance_review r  ON r.id = rr.review_id
LEFT JOIN ohrm_kpi k            ON k.id = rr.kpi_id
LEFT JOIN (SELECT 'service quality 服务质量' AS kpi, 'service_quality' AS criterion
           UNION ALL SELECT 'service quality', 'service_quality'
           UNION ALL SELECT 'business knowledge 业务知识', 'business_knowledge'
           UNION ALL SELECT 'business knowledge', 'business_knowledge'
           UNION ALL SELECT 'work attitude 工作态度', 'work_attitude'
           UNION ALL SELECT 'work attitude', 'work_attitude') m
       ON m.kpi = LOWER(TRIM(k.kpi_indicators))
WHERE r.status_id = 4
  AND rv.status = 3
  AND g.name = 'Supervisor'
ORDER BY rr.id
