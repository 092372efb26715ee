"""Plausible Chinese names (姓名) for the demo, Guizhou-flavoured, with rare characters.

Surnames are weighted by how common they are in 黔东南 (杨, 吴, 龙, 潘 … and the Miao
surname 邰); a few are two-character surnames (欧阳, 令狐 …). Rare given-name characters
(镕 玥 堃 喆 昇 珺 赟) show up now and then, and each at least once among the first few
hundred names, so search, sorting, fonts and PDFs meet them.
"""

from itertools import accumulate

# (surname, weight) — single-character surnames, then two-character ones.
SURNAMES = (
    ("杨", 9), ("吴", 7), ("王", 6), ("李", 6), ("张", 6), ("龙", 5), ("潘", 5), ("陈", 5), ("刘", 4),
    ("石", 4), ("罗", 3), ("黄", 3), ("赵", 2), ("周", 2), ("徐", 2), ("胡", 2), ("何", 2), ("唐", 2),
    ("邓", 2), ("姚", 2), ("欧", 1.5), ("蒋", 1.5), ("田", 1.5), ("韦", 1.5), ("邰", 1), ("蒙", 1),
    ("文", 1), ("万", 1), ("侯", 1), ("宋", 1), ("谢", 1), ("曾", 1), ("彭", 1), ("袁", 1), ("余", 1),
    ("孙", 1), ("马", 1), ("朱", 1), ("郭", 1), ("高", 1), ("林", 1), ("梁", 1), ("范", 1), ("金", 0.8),
    ("顾", 0.5), ("舒", 0.5), ("覃", 0.5), ("单", 0.3), ("粟", 0.3), ("麻", 0.3),
    ("欧阳", 0.4), ("令狐", 0.15), ("上官", 0.1), ("司马", 0.1), ("诸葛", 0.05),
)

MALE_CHARACTERS = "伟强军勇涛斌明超刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙杰磊洋峰锋亮成志文建国兵海东江松山" \
                  "云祥福贵昌荣德胜新忠义光春金顺发生泽远航毅坤琦晨阳正永禄才友庆林"
FEMALE_CHARACTERS = "芳娜敏静丽艳娟霞燕玲婷雪慧莉萍红梅琳兰凤洁琴云月颖倩佳欣悦晶妍璐蓉琼英春秀美玉菊桂珍" \
                    "花芬娇媛瑶露丹薇蕾"

# Rare characters (生僻字) and who may carry them: 男, 女 or both.
RARE_CHARACTERS = {"镕": "男", "玥": "女", "堃": "男", "喆": "", "昇": "男", "珺": "女", "赟": ""}
RARE_SHARE = 0.01  # chance that a given-name character is a rare one


class NameMaker:
    """Draws names from a seeded random.Random; every rare character is used early on."""

    def __init__(self, rng):
        self.rng = rng
        self._surnames = [name for name, _weight in SURNAMES]
        self._cumulative = list(accumulate(weight for _name, weight in SURNAMES))
        self._pending = list(RARE_CHARACTERS)

    def name(self, gender: str) -> str:
        surname = self.rng.choices(self._surnames, cum_weights=self._cumulative)[0]
        length = 1 if len(surname) == 2 else self.rng.choice((1, 2, 2))  # names of 2–3 characters
        given = [self._character(gender) for _ in range(length)]
        if length == 2 and given[0] == given[1] and self.rng.random() < 0.8:
            given[1] = self._character(gender)  # 叠字 names (丽丽) are rare among cadres
        forced = self._pending_for(gender)
        if forced:
            given[-1] = forced
        self._pending = [c for c in self._pending if c not in given]
        return surname + "".join(given)

    def _character(self, gender: str) -> str:
        if self.rng.random() < RARE_SHARE:
            return self.rng.choice([c for c, g in RARE_CHARACTERS.items() if g in ("", gender)])
        return self.rng.choice(MALE_CHARACTERS if gender == "男" else FEMALE_CHARACTERS)

    def _pending_for(self, gender: str) -> str | None:
        """The next rare character not used yet that suits `gender` (one name in ten)."""
        if not self._pending or self.rng.random() >= 0.1:
            return None
        for character in self._pending:
            if RARE_CHARACTERS[character] in ("", gender):
                self._pending.remove(character)
                return character
        return None
