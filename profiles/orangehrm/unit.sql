-- OrangeHRM 5.x: ohrm_subunit is a NESTED SET (lft/rgt); there is no parent column.
-- The parent is the nearest enclosing node: the one with the greatest lft among the nodes whose
-- [lft, rgt] strictly contains this node's. The root ("Organization", level 0) has none.
-- OrangeHRM deletes a subunit (and its subtree) instead of flagging it, so every row is active.
-- kind: the organization and its direct children (level 0-1) are departments, deeper levels teams.
-- No CTE, no window function: runs on MySQL 5.7 as well as MariaDB 10.x.
SELECT s.id   AS id,
       s.name AS name,
       (SELECT p.id
          FROM ohrm_subunit p
         WHERE p.lft < s.lft AND p.rgt > s.rgt
         ORDER BY p.lft DESC
         LIMIT 1) AS parent_id,
       CASE WHEN s.level <= 1 THEN 'department' ELSE 'team' END AS kind,
       1      AS active,
       s.unit_id AS unit_code
FROM ohrm_subunit s
ORDER BY s.lft
