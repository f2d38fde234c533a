-- Odoo survey module: one row per answered, scored question of a finished survey.
--   provider:   the department whose name (en_US) equals the survey's title (en_US): run one
--               survey per serving department, titled with the department's name.
--   customer:   the respondent's department: survey_user_input.partner_id is the employee's
--               work contact (hr_employee.work_contact_id, Odoo 16+), else the input's email is
--               the employee's work_email.
--   respondent: the partner, else the email, else the input.
--   period:     the quarter of the input's creation, 'YYYY-Qn'.
--   item:       the question title (en_US); dimension: mapped from it by the list below
--               (unmapped scored questions get 'other').
--   score:      simple_choice: the chosen answer's answer_score, on the scale
--               [min, max] of the question's answer scores; numerical_box: the number, on the
--               question's validation_min/max_float_value (no validation: no scale, rejected).
-- Scope (not read otherwise): state = 'done', not a test entry, not skipped, question types
-- simple_choice and numerical_box. LEFT JOINs so that a survey naming no department or an
-- unknown respondent arrive with NULLs and are rejected (null_required), not dropped.
SELECT l.id AS response_id,
       COALESCE('partner:' || ui.partner_id, 'email:' || lower(ui.email), 'input:' || ui.id) AS respondent_id,
       prov.id AS provider_id,
       COALESCE(emp.department_id, emp_mail.department_id) AS customer_id,
       to_char(ui.create_date, 'YYYY') || '-Q' || to_char(ui.create_date, 'Q') AS period,
       q.title ->> 'en_US' AS item,
       COALESCE(m.dimension, 'other') AS dimension,
       CASE q.question_type WHEN 'simple_choice' THEN sa.answer_score ELSE l.value_numerical_box END AS score,
       CASE q.question_type WHEN 'simple_choice' THEN sc.lo ELSE q.validation_min_float_value END AS scale_min,
       CASE q.question_type WHEN 'simple_choice' THEN sc.hi ELSE q.validation_max_float_value END AS scale_max,
       l.create_date AS answered_at
FROM survey_user_input_line l
JOIN survey_user_input ui ON ui.id = l.user_input_id
JOIN survey_question q ON q.id = l.question_id
LEFT JOIN survey_survey s ON s.id = ui.survey_id
LEFT JOIN hr_department prov
       ON (CASE WHEN jsonb_typeof(to_jsonb(prov.name)) = 'object' THEN to_jsonb(prov.name) ->> 'en_US'
                ELSE to_jsonb(prov.name) #>> '{}' END) = s.title ->> 'en_US'
LEFT JOIN hr_employee emp ON emp.work_contact_id = ui.partner_id
LEFT JOIN hr_employee emp_mail
       ON ui.partner_id IS NULL AND lower(emp_mail.work_email) = lower(ui.email)
LEFT JOIN survey_question_answer sa ON sa.id = l.suggested_answer_id
LEFT JOIN (SELECT question_id, min(answer_score) AS lo, max(answer_score) AS hi
             FROM survey_question_answer GROUP BY question_id) sc ON sc.question_id = q.id
LEFT JOIN (VALUES ('Service quality', 'service_quality'),
                  ('Attitude', 'attitude'),
                  ('Response speed', 'efficiency'),
                  ('Overall satisfaction', 'overall')) AS m(question, dimension)
       ON m.question = q.title ->> 'en_US'
WHERE ui.state = 'done'
  AND NOT COALESCE(ui.test_entry, false)
  AND NOT COALESCE(l.skipped, false)
  AND q.question_type IN ('simple_choice', 'numerical_box')
ORDER BY l.id
