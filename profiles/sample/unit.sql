-- Departments (level 0 company, 1 department, 2 team) as icm units.
SELECT d.dept_id        AS id,
       d.dept_name      AS name,
       d.parent_dept_id AS parent_id,
       CASE WHEN d.level <= 1 THEN 'department' ELSE 'team' END AS kind,
       d.is_active      AS active
FROM departments d
ORDER BY d.level, d.dept_id
