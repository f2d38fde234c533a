-- Odoo hr_employee. Hire date: the record's creation day (hr_employee has no hire date; with
-- the hr_contract module installed, MIN(hr_contract.date_start) of the employee is better).
-- Archived employees (active = false) are kept, inactive. An employee without department
-- is rejected (null_required).
SELECT e.id                 AS id,
       e.department_id      AS unit_id,
       e.create_date::date  AS hire_date,
       e.active             AS active
FROM hr_employee e
ORDER BY e.id
