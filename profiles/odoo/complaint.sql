-- OCA helpdesk_mgmt tickets as complaints (helpdesk_ticket).
--   from:    the department of the employee whose work contact is the ticket's partner, else
--            whose work_email is the ticket's partner_email (an outside partner: rejected).
--   against: the department of the team leader (helpdesk_ticket_team.user_id, the employee
--            with that user): helpdesk_mgmt has no department on teams or tickets. A team
--            without a leader gives no department: rejected (null_required).
--   opened:  create_date; acknowledged: assigned_date; resolved: closed_date, only while the
--            stage is a closed one (a reopened ticket keeps an old closed_date).
--   status:  the stage name (JSONB, en_US); severity: priority 0-3 as low/medium/high/very_high;
--   category: the category name (en_US).
-- Archived tickets (active = false) are left out.
SELECT COALESCE(t.number, 'id:' || t.id) AS id,
       COALESCE(emp.department_id, emp_mail.department_id) AS from_unit_id,
       lead.department_id AS against_unit_id,
       t.create_date AS opened_at,
       t.assigned_date AS acknowledged_at,
       CASE WHEN st.closed THEN t.closed_date END AS resolved_at,
       COALESCE(st.name ->> 'en_US', 'unknown') AS status,
       CASE t.priority WHEN '0' THEN 'low' WHEN '1' THEN 'medium' WHEN '2' THEN 'high'
                       WHEN '3' THEN 'very_high' END AS severity,
       c.name ->> 'en_US' AS category
FROM helpdesk_ticket t
LEFT JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
LEFT JOIN helpdesk_ticket_category c ON c.id = t.category_id
LEFT JOIN helpdesk_ticket_team team ON team.id = t.team_id
LEFT JOIN hr_employee lead ON lead.user_id = team.user_id
LEFT JOIN hr_employee emp ON emp.work_contact_id = t.partner_id
LEFT JOIN hr_employee emp_mail
       ON emp.id IS NULL AND lower(emp_mail.work_email) = lower(t.partner_email)
WHERE COALESCE(t.active, true)
ORDER BY t.id
