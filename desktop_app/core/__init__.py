"""Qt-free domain layer: records, services, rules, errors, audit (核心业务层，不依赖 Qt)."""
