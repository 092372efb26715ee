"""年度考核定等建议 (issue 6, part 4): the public face of the annual rules engine in core/annual/.

    result = propose_grades(YearFacts(2025, teams, cadres), rule_set.rules)
    result.team("U01").grade, result.team("U01").steps, result.cadre("C07").follow_ups, result.quotas

The order in which the rules apply is documented in core/annual/engine.py; the "annual" part of
the rule set (default_annual_rules, validate_annual_rules) in core/annual/settings.py.
"""

from desktop_app.core.annual.engine import (
    CADRE,
    NO_GRADE_FLAG,
    TEAM,
    AnnualResult,
    Proposal,
    RuleStep,
    propose_grades,
)
from desktop_app.core.annual.facts import (
    CadreFacts,
    Evaluation,
    Notice,
    Survey,
    TeamFacts,
    YearFacts,
    check_facts,
)
from desktop_app.core.annual.quota import TIE_FLAG, QuotaUsage, seats
from desktop_app.core.annual.settings import (
    ANNUAL,
    CADRE_GRADES,
    COMPARISONS,
    PRESETS,
    ROUNDINGS,
    RULE_KEYS,
    RULE_NAMES,
    TEAM_GRADES,
    AnnualRules,
    Scale,
    default_annual_rules,
    parse_annual_rules,
    validate_annual_rules,
)

__all__ = ["ANNUAL", "CADRE", "CADRE_GRADES", "COMPARISONS", "NO_GRADE_FLAG", "PRESETS", "ROUNDINGS", "RULE_KEYS",
           "RULE_NAMES", "TEAM", "TEAM_GRADES", "TIE_FLAG", "AnnualResult", "AnnualRules", "CadreFacts",
           "Evaluation", "Notice", "Proposal", "QuotaUsage", "RuleStep", "Scale", "Survey", "TeamFacts",
           "YearFacts", "check_facts", "default_annual_rules", "parse_annual_rules", "propose_grades", "seats",
           "validate_annual_rules"]
