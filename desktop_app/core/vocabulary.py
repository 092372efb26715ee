"""Closed lists of the roster's values (字典), in the order the operator sees them."""

UNIT_KINDS = ("乡镇", "街道", "县直部门", "其他")
POST_TYPES = ("正职", "副职", "班子成员", "其他")  # 岗位类别: 正职 is the "一把手"
RANKS = ("正处", "副处", "正科", "副科", "股级", "科员", "其他")
CADRE_STATUSES = ("在职", "调离", "退休", "其他")
GENDERS = ("男", "女")
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众")
EDUCATIONS = ("研究生", "大学", "大专", "中专", "高中", "初中及以下")
