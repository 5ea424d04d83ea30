"""Pages of the kinerja app (Bahasa Indonesia, phone-friendly), one module per subject: `appraisals`
(the employee's and the appraiser's SKP pages and their forms), `periods` (HR), `distribution`
(criteria and predicate distribution), `team_goals`. Views validate forms and call services; reads
come from kinerja.selectors, which apply the access rules."""
