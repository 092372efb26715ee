"""Charts (图表) of the quarterly evaluation: one builder per chart, each returning a bare
`matplotlib.figure.Figure` (never pyplot). The GUI wraps a figure in `FigureCanvasQTAgg`;
PDFs embed it as PNG at 200 dpi (`export.png_bytes`); the CLI saves PNG or SVG.

Builders take plain data (`charts.data`), never a database: `charts.queries` reads the data.

Importing this package (or any module in it) does not import matplotlib, which costs ~0.45 s:
it is imported inside the functions that draw.

    from desktop_app.charts.grades import grade_distribution, county_trend
    from desktop_app.charts.scores import score_histogram, unit_quarter_heatmap
    from desktop_app.charts.export import save_chart, png_bytes
"""
