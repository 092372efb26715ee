"""The units of the demo (演示单位): a Guizhou county (雷山县) or its prefecture (黔东南州).

Each unit gets a leadership team (领导班子) from its *style*: the 正职 title, the 副职 and
班子成员 titles, their ranks (职级), and the pool of other posts (其他) in the unit.
"""

from dataclasses import dataclass

# (title, rank, weight) of the other posts (其他) in a unit, by level.
TOWN_STAFF = (
    ("党政办主任", "股级", 2), ("财政所所长", "股级", 1), ("农业服务中心主任", "股级", 1),
    ("社会事务办主任", "股级", 1), ("综治中心主任", "股级", 1), ("四级主任科员", "副科", 2),
    ("一级科员", "科员", 4), ("二级科员", "科员", 2), ("驻村工作队员", "科员", 2), ("办事员", "其他", 1),
)
COUNTY_STAFF = (
    ("办公室主任", "股级", 2), ("综合股股长", "股级", 1), ("业务股股长", "股级", 2), ("财务股股长", "股级", 1),
    ("四级主任科员", "副科", 2), ("一级科员", "科员", 4), ("二级科员", "科员", 2), ("专业技术人员", "其他", 2),
)
PREFECTURE_STAFF = (
    ("办公室主任", "正科", 1), ("科长", "正科", 3), ("副科长", "副科", 3), ("一级主任科员", "正科", 1),
    ("四级主任科员", "副科", 2), ("一级科员", "科员", 4), ("专业技术人员", "其他", 1),
)

# Department styles: 正职 title, 副职 title, 班子成员 title, rank of the 正职.
DEPARTMENT_STYLES = {
    "局": ("党组书记、局长", "党组成员、副局长", "党组成员", "正科"),
    "办": ("主任", "副主任", "党组成员", "正科"),
    "中心": ("主任", "副主任", "党支部书记", "正科"),
    "委办": ("县委常委、办公室主任", "副主任", "室务会成员", "副处"),
    "组织部": ("县委常委、组织部部长", "副部长", "部务委员", "副处"),
    "宣传部": ("县委常委、宣传部部长", "副部长", "部务委员", "副处"),
    "统战部": ("县委常委、统战部部长", "副部长", "部务委员", "副处"),
    "政法委": ("县委常委、政法委书记", "副书记", "委员", "副处"),
    "纪委": ("县委常委、县纪委书记、县监委主任", "县纪委副书记、县监委副主任", "县纪委常委", "副处"),
    "工委": ("书记", "副书记", "委员", "正科"),
    "党校": ("常务副校长", "副校长", "校委委员", "正科"),
    "馆": ("馆长", "副馆长", "党支部书记", "正科"),
    "公安": ("党委书记、局长", "党委委员、副局长", "党委委员、政治委员", "正科"),
    "法院": ("党组书记、院长", "党组成员、副院长", "审判委员会专职委员", "副处"),
    "检察院": ("党组书记、检察长", "党组成员、副检察长", "检察委员会专职委员", "副处"),
    "群团": ("主席", "副主席", "党组成员", "正科"),
    "团委": ("书记", "副书记", "常委", "正科"),
    "残联": ("理事长", "副理事长", "党组成员", "正科"),
    "红会": ("常务副会长", "副会长", "秘书长", "正科"),
    "社": ("理事会主任", "理事会副主任", "监事会主任", "正科"),
    "医院": ("院长", "副院长", "党委委员", "正科"),
    "学校": ("校长", "副校长", "工会主席", "正科"),
    "公司": ("董事长", "副总经理", "董事", "正科"),
    "大队": ("大队长", "副大队长", "教导员", "正科"),
}

# County departments: name, style, size weight (how many other staff it has).
COUNTY_DEPARTMENTS = """
县委办公室 委办 2 | 县纪委监委机关 纪委 2 | 县委组织部 组织部 2 | 县委宣传部 宣传部 1 | 县委统战部 统战部 1
县委政法委 政法委 1 | 县委机构编制委员会办公室 办 1 | 县委政策研究室 办 0.5 | 县委网络安全和信息化委员会办公室 办 0.5
县委巡察工作领导小组办公室 办 1 | 县直机关工作委员会 工委 0.5 | 县委老干部局 局 0.5 | 县委党校 党校 1
县档案馆 馆 0.5 | 县人大常委会办公室 办 1 | 县人民政府办公室 办 2 | 县政协办公室 办 1
县发展和改革局 局 1.5 | 县教育局 局 3 | 县科学技术局 局 0.5 | 县工业和信息化局 局 1 | 县民族宗教事务局 局 1
县公安局 公安 4 | 县民政局 局 1 | 县司法局 局 1.5 | 县财政局 局 2 | 县人力资源和社会保障局 局 2
县自然资源局 局 2 | 县住房和城乡建设局 局 1.5 | 县交通运输局 局 1.5 | 县水务局 局 1 | 县农业农村局 局 2.5
县林业局 局 2 | 县商务局 局 1 | 县文体广电旅游局 局 1.5 | 县卫生健康局 局 2 | 县退役军人事务局 局 1
县应急管理局 局 1 | 县审计局 局 1 | 县市场监督管理局 局 2 | 县统计局 局 0.5 | 县医疗保障局 局 1
县乡村振兴局 局 1.5 | 县生态移民局 局 1 | 县投资促进局 局 1 | 县信访局 局 1 | 县大数据发展管理局 局 0.5
县综合行政执法局 局 2 | 县政务服务中心 中心 1 | 县机关事务服务中心 中心 0.5 | 县国有资产管理服务中心 中心 0.5
县融媒体中心 中心 1.5 | 县不动产登记中心 中心 1 | 县社会保险事业局 局 1 | 县茶叶产业发展中心 中心 1
县畜牧兽医服务中心 中心 1 | 县农业技术推广站 中心 1 | 县疾病预防控制中心 中心 1.5 | 县人民法院 法院 3
县人民检察院 检察院 2 | 县总工会 群团 1 | 团县委 团委 0.5 | 县妇女联合会 群团 0.5 | 县科学技术协会 群团 0.5
县文学艺术界联合会 群团 0.5 | 县残疾人联合会 残联 0.5 | 县工商业联合会 群团 0.5 | 县红十字会 红会 0.5
县供销合作社联合社 社 1 | 县人民医院 医院 3 | 县中医医院 医院 2 | 县妇幼保健院 医院 1.5
县第一中学 学校 3 | 县民族中学 学校 2 | 县第二中学 学校 1.5 | 县职业技术学校 学校 1.5
县民族小学 学校 1 | 县实验小学 学校 1 | 县城市建设投资有限责任公司 公司 1 | 县旅游开发投资有限责任公司 公司 1
县消防救援大队 大队 1 | 县气象局 局 0.5 | 县国有林场 中心 1 | 县住房公积金管理中心 中心 0.5
县公共资源交易中心 中心 0.5 | 县人民政府驻贵阳办事处 办 0.5 | 雷公山国家级自然保护区管理局 局 1.5
西江千户苗寨景区管理局 局 2
"""

# 雷山县: towns, townships and sub-districts, in the order the county lists them.
COUNTY_TOWNSHIPS = "丹江镇 西江镇 永乐镇 郎德镇 大塘镇 望丰乡 达地水族乡 方祥乡 桃江乡 排乐乡 龙头街道 城南街道"

# 黔东南州: its counties (area code, name) and a few townships of each.
PREFECTURE_COUNTIES = """
522601 凯里市 大十字街道 西门街道 城西街道 洗马河街道 下司镇 炉山镇 舟溪镇
522622 黄平县 新州镇 旧州镇 重安镇 谷陇镇 平溪镇 野洞河镇 一碗水乡
522623 施秉县 城关镇 杨柳塘镇 双井镇 牛大场镇 马号镇 甘溪乡 马溪乡
522624 三穗县 八弓镇 台烈镇 瓦寨镇 桐林镇 雪洞镇 长吉镇 款场乡
522625 镇远县 舞阳镇 蕉溪镇 青溪镇 羊场镇 都坪镇 金堡镇 报京乡
522626 岑巩县 思旸镇 水尾镇 天马镇 龙田镇 大有镇 注溪镇 客楼镇
522627 天柱县 凤城街道 邦洞街道 坪地镇 瓮洞镇 高酿镇 石洞镇 远口镇
522628 锦屏县 三江镇 茅坪镇 敦寨镇 启蒙镇 平秋镇 铜鼓镇 隆里乡
522629 剑河县 革东镇 岑松镇 南加镇 南明镇 柳川镇 太拥镇 久仰镇
522630 台江县 台拱街道 文峰街道 施洞镇 南宫镇 革一镇 方召镇 台盘乡
522631 黎平县 德凤街道 高屯街道 中潮镇 孟彦镇 敖市镇 水口镇 肇兴镇
522632 榕江县 古州镇 忠诚镇 寨蒿镇 平永镇 乐里镇 朗洞镇 三江水族乡
522633 从江县 丙妹镇 贯洞镇 洛香镇 下江镇 宰便镇 西山镇 加榜乡
522634 雷山县 丹江镇 西江镇 永乐镇 郎德镇 大塘镇 望丰乡 达地水族乡
522635 麻江县 杏山街道 谷硐镇 宣威镇 龙山镇 贤昌镇 坝芒布依族乡 景阳乡
522636 丹寨县 龙泉镇 兴仁镇 排调镇 扬武镇 雅灰乡 南皋乡 金钟街道
"""

# County-only units left out of the prefecture's list of 州直部门.
COUNTY_ONLY = {"县民族小学", "县实验小学", "县农业技术推广站"}
PREFECTURE_ONLY = (("黔东南民族职业技术学院", "学校", 2.0), ("州广播电视台", "中心", 1.0), ("州民族博物馆", "馆", 0.5))

TINY_DEPARTMENTS = ("县委组织部", "县财政局", "县教育局", "县人民医院", "团县委")


@dataclass(frozen=True)
class Post:
    """A post (岗位) of a unit's establishment: who holds it changes over time."""

    title: str
    post_type: str  # 正职 / 副职 / 班子成员 / 其他
    rank: str


@dataclass(frozen=True)
class UnitPlan:
    name: str
    kind: str  # 乡镇 / 街道 / 县直部门
    sort_order: int
    team: tuple[Post, ...]  # the leadership team, 正职 first
    staff: tuple[tuple[str, str, float], ...]  # pool of other posts (title, rank, weight)
    size_weight: float  # share of the other staff


def township_team(name: str, rng) -> tuple[Post, ...]:
    """乡镇/街道 leadership team: 党委书记 (正职), 镇长/乡长/主任 and deputies (副职), 党委委员 (班子成员)."""
    if name.endswith("街道"):
        lead, head, congress, deputy, prefix = "党工委书记", "党工委副书记、办事处主任", "人大工委主任", \
            "办事处副主任", "党工委委员"
        members = (f"{prefix}、纪工委书记", f"{prefix}、武装部长", prefix)
    else:
        head_word = "乡长" if name.endswith("乡") else "镇长"
        lead, head, congress, deputy, prefix = "党委书记", f"党委副书记、{head_word}", "人大主席", \
            f"副{head_word}", "党委委员"
        members = (f"{prefix}、纪委书记", f"{prefix}、组织委员", f"{prefix}、宣传委员", f"{prefix}、武装部长")
    deputies = [(head, "正科"), (congress, "正科"), ("党委副书记" if prefix == "党委委员" else "党工委副书记", "副科")]
    deputies += [(deputy, "副科")] * rng.randint(2, 3)
    team = [Post(lead, "正职", "正科")]
    team += [Post(title, "副职", rank) for title, rank in deputies]
    team += [Post(title, "班子成员", "副科") for title in members[: rng.randint(len(members) - 1, len(members))]]
    return tuple(team)


def department_team(style: str, rng, prefecture: bool) -> tuple[Post, ...]:
    """县直/州直部门 leadership team from its style: one 正职, 1–4 副职, 0–2 班子成员."""
    lead, deputy, member, lead_rank = DEPARTMENT_STYLES[style]
    ranks = ("正处", "副处", "正科") if prefecture else (lead_rank, "副科", "副科")
    if prefecture:
        lead, deputy, member = (title.replace("县", "州") for title in (lead, deputy, member))
    team = [Post(lead, "正职", ranks[0])]
    team += [Post(deputy, "副职", ranks[1])] * rng.randint(1 if style in ("群团", "团委", "红会", "馆") else 2, 4)
    team += [Post(member, "班子成员", ranks[2])] * rng.randint(0, 2)
    return tuple(team)


def county_departments() -> list[tuple[str, str, float]]:
    rows = []
    for line in COUNTY_DEPARTMENTS.strip().splitlines():
        for entry in line.split("|"):
            name, style, weight = entry.split()
            rows.append((name, style, float(weight)))
    return rows


def prefecture_counties() -> list[tuple[str, str, list[str]]]:
    """(area code, county name, township names) of the prefecture."""
    rows = []
    for line in PREFECTURE_COUNTIES.strip().splitlines():
        code, county, *townships = line.split()
        rows.append((code, county, townships))
    return rows


def _township_plan(name: str, display_name: str, order: int, rng) -> UnitPlan:
    kind = "街道" if name.endswith("街道") else "乡镇"
    weight = 2.0 if kind == "街道" else 2.5
    return UnitPlan(display_name, kind, order, township_team(name, rng), TOWN_STAFF, weight)


def _department_plan(name: str, style: str, weight: float, order: int, rng, prefecture: bool) -> UnitPlan:
    staff = PREFECTURE_STAFF if prefecture else COUNTY_STAFF
    return UnitPlan(name, "县直部门", order, department_team(style, rng, prefecture), staff, weight)


def county_units(rng, *, tiny: bool = False) -> list[UnitPlan]:
    """雷山县: townships and sub-districts first, then the county departments (县直部门)."""
    townships = COUNTY_TOWNSHIPS.split()
    departments = county_departments()
    if tiny:
        townships = [townships[0], townships[5], townships[-1]]
        departments = [row for row in departments if row[0] in TINY_DEPARTMENTS]
    units = [_township_plan(name, name, 10 * (i + 1), rng) for i, name in enumerate(townships)]
    start = 10 * (len(units) + 1)
    units += [_department_plan(name, style, weight, start + 10 * i, rng, False)
              for i, (name, style, weight) in enumerate(departments)]
    return units


def prefecture_units(rng) -> list[UnitPlan]:
    """黔东南州: the 州直部门 first, then the townships of each county (named 雷山县丹江镇 …)."""
    departments = [(name.replace("县", "州"), style, weight)
                   for name, style, weight in county_departments() if name not in COUNTY_ONLY]
    departments += PREFECTURE_ONLY
    units = [_department_plan(name, style, weight, 10 * (i + 1), rng, True)
             for i, (name, style, weight) in enumerate(departments)]
    for _code, county, townships in prefecture_counties():
        for name in townships:
            units.append(_township_plan(name, county + name, 10 * (len(units) + 1), rng))
    return units
