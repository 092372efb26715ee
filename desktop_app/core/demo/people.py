"""Demo people (干部): name, gender, ethnicity, birth, a valid ID number, party, education, phone.

ID numbers follow GB 11643: area code of 黔东南 (522634 雷山县 …) or elsewhere in 贵州,
birth date, a sequence whose last digit is odd for men and even for women, check digit.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from desktop_app.core.demo.names import NameMaker
from desktop_app.core.idcard import check_digit

AS_OF = date(2026, 1, 5)  # the demo's "today": every date in it is on or before this day
YOUNGEST_BIRTH_YEAR = AS_OF.year - 25  # so everyone in post is 24–59 years old in 2026
RETIREMENT_AGE = {"男": 60, "女": 55}

QIANDONGNAN_CODES = ("522601", "522622", "522623", "522624", "522625", "522626", "522627", "522628",
                     "522629", "522630", "522631", "522632", "522633", "522634", "522635", "522636")
GUIZHOU_CODES = ("520102", "520103", "520111", "520201", "520302", "522301", "522701", "522702",
                 "522722", "522732", "520402", "522401")

ETHNICITIES = {
    "county": (("苗族", 58), ("汉族", 24), ("侗族", 9), ("水族", 4), ("布依族", 2), ("瑶族", 1),
               ("土家族", 1), ("壮族", 1)),
    "prefecture": (("苗族", 40), ("侗族", 28), ("汉族", 23), ("水族", 3), ("布依族", 3), ("瑶族", 1),
                   ("土家族", 1), ("壮族", 1)),
}
# Age on taking a post, by post type (岗位类别).
AGE_ON_TAKING = {"正职": (36, 50), "副职": (30, 48), "班子成员": (28, 46), "其他": (22, 45)}
MALE_SHARE = {"正职": 0.85, "副职": 0.75, "班子成员": 0.7, "其他": 0.55}
LEADER_PARTY = (("中共党员", 95), ("民主党派", 3), ("无党派人士", 2))
STAFF_PARTY = (("中共党员", 78), ("中共预备党员", 3), ("共青团员", 5), ("群众", 10), ("民主党派", 2),
               ("无党派人士", 2))
EDUCATION_YOUNG = (("研究生", 12), ("大学", 70), ("大专", 16), ("中专", 2))
EDUCATION_OLDER = (("研究生", 4), ("大学", 50), ("大专", 36), ("中专", 8), ("高中", 2))
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "157", "158", "159", "166", "177", "180", "182", "183", "185", "187", "188",
                   "189", "191", "199")


@dataclass(eq=False)
class Person:
    """One demo cadre and the posts held over time (filled by the careers simulation)."""

    id: str
    name: str
    gender: str
    ethnicity: str
    birth: date
    id_number: str
    political_status: str
    education: str
    phone: str
    status: str = "在职"
    tenures: list = field(default_factory=list)  # careers.Tenure, oldest first
    due_on: date | None = None  # when the person is due to move on (轮岗/提拔)

    @property
    def retires_on(self) -> date:
        """First day of the month after the retirement birthday (男60岁, 女55岁)."""
        year = self.birth.year + RETIREMENT_AGE[self.gender]
        month = self.birth.month + 1
        return date(year + month // 13, month % 12 or 12, 1)

    def age_on(self, day: date) -> int:
        return day.year - self.birth.year - ((day.month, day.day) < (self.birth.month, self.birth.day))

    @property
    def current(self):
        """The tenure held now (the last one, while it has no end), or None."""
        return self.tenures[-1] if self.tenures and self.tenures[-1].end is None else None

    def cadre_values(self) -> dict:
        return {"name": self.name, "gender": self.gender, "ethnicity": self.ethnicity,
                "birth_month": f"{self.birth.year:04d}-{self.birth.month:02d}", "id_number": self.id_number,
                "political_status": self.political_status, "education": self.education,
                "phone": self.phone, "status": self.status}


def new_uuid(rng) -> str:
    """A version-4 UUID drawn from the seeded generator, so record ids repeat with the seed."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def weighted(rng, table) -> str:
    values = [value for value, _weight in table]
    return rng.choices(values, cum_weights=list(accumulate(weight for _value, weight in table)))[0]


class PersonMaker:
    """Makes people who are plausible for the post they take on a given day."""

    def __init__(self, rng, scale: str):
        self.rng = rng
        self.names = NameMaker(rng)
        self.ethnicities = ETHNICITIES["prefecture" if scale == "prefecture" else "county"]
        self.home_codes = self._home_codes(scale)
        self._id_numbers: set[str] = set()

    def _home_codes(self, scale: str) -> tuple:
        if scale == "prefecture":
            return tuple((code, 6) for code in QIANDONGNAN_CODES) + tuple((code, 1) for code in GUIZHOU_CODES)
        others = tuple((code, 2) for code in QIANDONGNAN_CODES if code != "522634")
        return (("522634", 100),) + others + tuple((code, 0.5) for code in GUIZHOU_CODES)

    def make(self, post_type: str, on: date, *, first: bool = False) -> Person:
        """Someone taking a post of `post_type` on `on`; `first`: already serving when records begin."""
        rng = self.rng
        gender = "男" if rng.random() < MALE_SHARE[post_type] else "女"
        birth = self.birth(gender, post_type, on, older=4 if first else 0)
        leader = post_type != "其他"
        return Person(
            id=new_uuid(rng), name=self.names.name(gender), gender=gender,
            ethnicity=weighted(rng, self.ethnicities), birth=birth, id_number=self.id_number(birth, gender),
            political_status=self.party(leader, birth), education=self.education(birth), phone=self.phone(),
        )

    def birth(self, gender: str, post_type: str, on: date, older: int = 0) -> date:
        """A birthday giving an age on `on` in the post type's range (up to `older` years more),
        never too young in 2026, and never retiring in 2026 after the demo's today."""
        low, high = AGE_ON_TAKING[post_type]
        high = min(high + older, RETIREMENT_AGE[gender] - 2)
        year = min(on.year - self.rng.randint(low, high), YOUNGEST_BIRTH_YEAR)
        if year + RETIREMENT_AGE[gender] == AS_OF.year:
            year -= 1
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def id_number(self, birth: date, gender: str) -> str:
        while True:
            sequence = self.rng.randrange(100) * 10 + self.rng.randrange(1 if gender == "男" else 0, 10, 2)
            first17 = f"{weighted(self.rng, self.home_codes)}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + check_digit(first17)
            if number not in self._id_numbers:
                self._id_numbers.add(number)
                return number

    def party(self, leader: bool, birth: date) -> str:
        status = weighted(self.rng, LEADER_PARTY if leader else STAFF_PARTY)
        if status == "共青团员" and AS_OF.year - birth.year > 28:
            return "群众"
        return status

    def education(self, birth: date) -> str:
        return weighted(self.rng, EDUCATION_YOUNG if birth.year >= 1980 else EDUCATION_OLDER)

    def phone(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
