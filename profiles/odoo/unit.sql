-- Odoo hr_department. The name is JSONB {"en_US": …, "zh_CN": …} since Odoo 17 (translatable)
-- and a plain varchar in Odoo 16: to_jsonb() accepts both, and the English name is taken, else
-- the Chinese one, else any language present.
-- kind: departments at depth 1-2 of parent_path ('7/' or '7/12/') are departments, deeper ones
-- teams. Archived departments (active = false) are kept, inactive.
SELECT d.id AS id,
       CASE WHEN jsonb_typeof(to_jsonb(d.name)) = 'object'
            THEN COALESCE(to_jsonb(d.name) ->> 'en_US', to_jsonb(d.name) ->> 'zh_CN',
                          (SELECT min(t.value) FROM jsonb_each_text(to_jsonb(d.name)) t))
            ELSE to_jsonb(d.name) #>> '{}' END AS name,
       d.parent_id AS parent_id,
       CASE WHEN length(d.parent_path) - length(replace(d.parent_path, '/', '')) <= 2
            THEN 'department' ELSE 'team' END AS kind,
       d.active AS active,
       to_jsonb(d.name) ->> 'zh_CN' AS name_zh
FROM hr_department d
ORDER BY d.id
