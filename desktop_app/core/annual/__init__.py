"""年度考核定等 (the annual rules engine, domain.md rules 1–11): pure Python, no database, no Qt.

settings — the "annual" part of the rule set (defaults, presets, validation, AnnualRules);
facts    — the year's facts (TeamFacts, CadreFacts, YearFacts) the database layer fills;
rules    — rules 2–11, one small function each; quota — rule 1;
engine   — propose_grades(facts, rules) → AnnualResult, and the order of application.
"""
