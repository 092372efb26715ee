"""kaoping chart DB KIND OUT.png|svg — 图表: a chart of the quarterly evaluation saved as PNG or SVG.

KIND is distribution (各单位等次分布, one quarter), trend (等次分布趋势, over quarters),
histogram (综合得分分布, one quarter) or heatmap (各单位各季度平均得分). Without --year/--quarter
a one-quarter chart shows the latest quarter with evaluation sessions, and a chart over time the
latest quarters (trend 12, heatmap 8); --year picks a year, --unit one unit.
"""

from desktop_app.commands._common import open_office_database

KIND_HELP = {
    "distribution": "各单位等次分布（一个季度，每个单位一条横条）",
    "trend": "等次分布趋势（全县或一个单位，逐季度）",
    "histogram": "综合得分分布（一个季度，标出各等次分数线）",
    "heatmap": "各单位各季度平均得分（热力图）",
}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "chart", help="图表：把季度评议结果画成图，保存为 PNG 或 SVG", add_help=False,
        description="把季度评议结果画成图。图表种类：" + "；".join(f"{k} — {v}" for k, v in KIND_HELP.items())
        + "。不写 --year/--quarter 时，单季度的图用最近一个有测评会的季度，逐季度的图用最近的几个季度。")
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    parser.add_argument("db", metavar="数据库文件", help="数据库文件路径")
    parser.add_argument("kind", metavar="图表", choices=tuple(KIND_HELP),
                        help="图表种类：distribution（等次分布）、trend（趋势）、histogram（得分分布）、heatmap（热力图）")
    parser.add_argument("file", metavar="图表文件", help="要保存的图片：.png（200 dpi，可插入文档）或 .svg（矢量图）")
    parser.add_argument("--year", type=int, metavar="年份", help="年份，如 2025")
    parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), metavar="季度",
                        help="季度 1–4（须同时写 --year；只用于 distribution 和 histogram）")
    parser.add_argument("--unit", metavar="单位名称", help="只画这个单位（单位全称）")
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--shares", dest="shares", action="store_const", const=True, default=None,
                       help="按占比（%%）画（trend 默认如此）")
    scale.add_argument("--counts", dest="shares", action="store_const", const=False,
                       help="按人数画（distribution 默认如此）")
    parser.set_defaults(run=run_chart)


def run_chart(args) -> int:
    from desktop_app.charts.export import chart_format, png_size, save_chart
    from desktop_app.charts.queries import chart_figure

    kind = chart_format(args.file)  # an unknown suffix is refused before any work
    db = open_office_database(args.db)
    try:
        figure = chart_figure(db, args.kind, year=args.year, quarter=args.quarter, unit=args.unit, shares=args.shares)
    finally:
        db.close()
    path = save_chart(figure, args.file)
    title = " ".join(figure.get_suptitle().split())
    if kind == "png":
        width, height = png_size(path.read_bytes()[:32])
        print(f"已保存图表「{title}」：{path}（PNG，{width}×{height} 像素）")
    else:
        print(f"已保存图表「{title}」：{path}（SVG 矢量图）")
    return 0
