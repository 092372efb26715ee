"""Pinyin of names, for the roster's search box ("zs" and "zhangsan" find 张三)."""

from functools import lru_cache

# Surnames read differently from the character's common reading (单 shàn, 曾 zēng …).
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha", "区": "ou",
    "盖": "ge", "乐": "yue", "覃": "qin", "缪": "miao", "召": "shao", "尉": "yu", "长": "chang",
    "种": "chong", "秘": "bi", "繁": "po", "员": "yun", "宁": "ning", "沈": "shen", "翟": "zhai",
}


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) in lower case, e.g. 张三 → ('zhangsan', 'zs'), 单昇 → ('shansheng', 'ss').

    pypinyin is imported here, not at start-up: it costs ≈0.2 s and only writes need it
    (lists read the pinyin stored with each name).
    """
    from pypinyin import Style, lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors="ignore") if s]
    if name[:1] in SURNAME_READINGS and syllables:
        syllables[0] = SURNAME_READINGS[name[0]]
    return "".join(syllables), "".join(s[0] for s in syllables)


def search_text(*parts: str) -> str:
    """One lower-case string a filter can test with `in` (precomputed per row)."""
    return "\x1f".join(p.lower() for p in parts if p)
