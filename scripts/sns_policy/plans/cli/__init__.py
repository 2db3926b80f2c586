"""The commands of activity plans, one module each: ``python -m sns_policy.plans.cli.<name>``.

``new_plan`` writes a new plan's pages from the site's skeletons, ``plan_request`` makes a plan from
the GitHub issue an editor filed, and ``issue_forms`` writes that issue form from the plan schema.
The build never imports them.
"""
