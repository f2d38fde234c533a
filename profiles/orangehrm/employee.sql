-- OrangeHRM 5.x: hs_hr_employee. Ids are prefixed 'E' (E17 = emp_number 17) because review
-- subjects may be units or employees, and subunit ids and emp_numbers are both small integers.
-- work_station -> ohrm_subunit.id; NULL (an employee not assigned to any subunit) belongs to the
-- organization itself, i.e. the root subunit (lft = 1), as in OrangeHRM's own reports.
-- Active: not terminated (termination_id NULL) and not purged (purged_at NULL, OrangeHRM 4.2+).
-- Purged employees stay in as inactive so that every hs_hr_employee row is accounted for.
SELECT CONCAT('E', e.emp_number) AS id,
       COALESCE(e.work_station, (SELECT r.id FROM ohrm_subunit r WHERE r.lft = 1)) AS unit_id,
       e.joined_date AS hire_date,
       CASE WHEN e.termination_id IS NULL AND e.purged_at IS NULL THEN 1 ELSE 0 END AS active,
       e.employee_id AS employee_code
FROM hs_hr_employee e
ORDER BY e.emp_number
