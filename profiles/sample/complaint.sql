SELECT c.complaint_no    AS id,
       c.raised_by_dept  AS from_unit_id,
       c.against_dept    AS against_unit_id,
       c.opened_at       AS opened_at,
       c.acknowledged_at AS acknowledged_at,
       c.resolved_at     AS resolved_at,
       c.state           AS status,
       c.severity        AS severity,
       c.category        AS category
FROM complaints c
ORDER BY c.complaint_no
