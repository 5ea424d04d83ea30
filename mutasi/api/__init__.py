"""REST API of the mutasi app (DESIGN.md section 7), one module per subject: `transfers` (requests,
the eligibility checklist, the workflow actions, documents, audit trail and the approver's inbox),
`decrees`, `delegations`, `evaluations`; the transfer output shapes in `serializers`; the routes in
`urls`. Selectors decide what the caller may see, services make every change."""
