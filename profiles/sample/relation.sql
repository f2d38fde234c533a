-- Service agreements: the provider department serves the customer department since start_date.
SELECT s.provider_dept AS provider_id,
       s.customer_dept AS customer_id,
       s.start_date    AS since
FROM service_agreements s
ORDER BY s.agreement_id
