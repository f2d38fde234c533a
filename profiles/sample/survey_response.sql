-- One row per answered question. The customer is the respondent's own team; the period is the
-- survey wave's label; dimension and scale come from the question bank.
-- LEFT JOINs on purpose: an answer whose wave, question or respondent is missing still arrives
-- (with NULLs) and is rejected with a reason instead of vanishing in an inner join. Rows come
-- in table order (SQLite scans the outer table of LEFT JOINs by rowid), so `icm check` row
-- numbers match survey_answers.rowid; no ORDER BY, which would sort 10^7 rows.
-- No :period here: the loader applies SessionOptions::period (see README.md).
SELECT a.answer_id         AS response_id,
       a.respondent_emp_no AS respondent_id,
       a.provider_dept     AS provider_id,
       e.dept_id           AS customer_id,
       w.period_label      AS period,
       a.question_code     AS item,
       q.dimension         AS dimension,
       a.score             AS score,
       q.scale_min         AS scale_min,
       q.scale_max         AS scale_max,
       a.answered_at       AS answered_at
FROM survey_answers a
LEFT JOIN survey_waves w     ON w.wave_id = a.wave_id
LEFT JOIN survey_questions q ON q.question_code = a.question_code
LEFT JOIN employees e        ON e.emp_no = a.respondent_emp_no
