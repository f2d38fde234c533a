-- HR status 'active' is the only active state; everything else (terminated, leave) is not.
SELECT e.emp_no   AS id,
       e.dept_id  AS unit_id,
       e.hired_on AS hire_date,
       CASE WHEN e.status = 'active' THEN 1 ELSE 0 END AS active
FROM employees e
ORDER BY e.emp_no
