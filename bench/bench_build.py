"""Batch build benchmark: a naive docxtpl loop against ``draftgen build``, in the same run.

    python bench/bench_build.py [--units 1000] [--jobs 2] [--template generated|sample|both]
                                [--naive-limit N]

Synthetic projects are generated in a temporary folder from the sample project (``data/``):
the province, districts cloned from the sample's districts and communes cloned from its
communes, every figure of a clone shifted by a random few percent (the sample has figures
for six districts and two communes only). Three projects: the province and 11 districts
(12 variants), then the province, 11 districts and communes up to 100 and to ``--units``
units (1,000 by default).

Templates: ``sample`` is the sample's ``templates/bao-cao-chinh-tri.docx`` (777 paragraphs,
footnotes, content files, two native charts for most districts); ``generated`` is a
~400-paragraph report whose every paragraph cites figures, without charts. Both are run
unless ``--template`` picks one.

What is timed, each in a fresh process (imports done before the clock starts, so both
sides pay the same):

- naive: the loop a user would write — for each unit, ``DocxTemplate(path)``, ``render``
  with an ordinary sandboxed Jinja environment holding the same filters and functions (no
  compile cache) and the same context, ``save`` to a file (footnotes are not even applied:
  the naive side does less work). Every unit is rendered: nothing is extrapolated unless
  ``--naive-limit`` says so (then marked «≈»);
- draftgen, first build: a clean ``draftgen build`` of the project (load and check the
  data, render, write outputs, history and manifest) with ``--jobs`` processes and an empty
  compile cache;
- draftgen, clean build again with the compile cache of the first (the outputs removed):
  what a user sees from the second build of a template on;
- no-change: ``draftgen build`` again, as a command (interpreter start-up included);
- ``draftgen --help`` as a command;
- CPU time (user + system of the process and its workers), less sensitive than wall time
  to other load on the machine;
- memory: peak resident memory of the largest process (getrusage) and the peak total
  proportional set size (PSS) of the process tree, sampled every 50 ms; its growth from 100
  units to the largest project.

The ratio is naive time / draftgen time, both measured in this run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data"
SAMPLE_TEMPLATE = REPO / "templates" / "bao-cao-chinh-tri.docx"
DOCUMENT = "bao-cao"
DISTRICT_SOURCES = ("van-lang", "cao-loc", "loc-binh", "chi-lang", "huu-lung", "tp-lang-son")
COMMUNE_SOURCES = ("na-sam", "tan-thanh")


# --------------------------------------------------------------------------- projects


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)


def _unit_block(unit: dict) -> str:
    return "[[units]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in unit.items()) + "\n"


def _clone_unit(source: dict, code: str, parent: str, number: int) -> dict:
    unit = dict(source)
    name = f"{source['name']} {number}"
    unit.update(code=code, parent=parent, name=name, place=name,
                full_name=f"{source['level']} {name}",
                party_organization=f"Đảng bộ {source['level']} {name}",
                committee=f"{source['committee_kind']} {name}")
    return unit


def _shifted(text: str, rng: random.Random) -> str:
    """A figure written the Vietnamese way, moved by a few percent, same decimals."""
    from draftgen.parsing import parse_number

    value = parse_number(text)
    if value is None or value == 0:
        return text
    decimals = len(text.split(",")[1]) if "," in text else 0
    moved = round(value * rng.uniform(0.97, 1.03), decimals)
    whole, _, frac = f"{abs(moved):.{decimals}f}".partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return ("-" if moved < 0 else "") + whole + ("," + frac if frac else "")


def _template(kind: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bao-cao.docx"
    if kind == "sample":
        shutil.copyfile(SAMPLE_TEMPLATE, path)
    else:
        _generated_template(path)
    return path


def _generated_template(path: Path, paragraphs: int = 400) -> None:
    """A ~400-paragraph report whose paragraphs cite the sample's figures."""
    import docx
    from docx.shared import Mm, Pt

    codes = ["GRDP_TANG_TRUONG", "TANG_TRUONG_NONG_LAM", "TANG_TRUONG_CN_XD",
             "TANG_TRUONG_DICH_VU", "HO_NGHEO", "CHE_PHU_RUNG", "THU_NGAN_SACH",
             "XA_NONG_THON_MOI", "GRDP_BINH_QUAN"]
    with open(SAMPLE / "chi-tieu" / "danh-muc.csv", encoding="utf-8-sig") as fh:
        known = {row["ma"] for row in csv.DictReader(fh)}
    codes = [c for c in codes if c in known] or sorted(known)[:9]
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    for text in ("{{ unit.committee|upper }}", "Số {{ unit.doc_symbol }}",
                 "BÁO CÁO CỦA BAN CHẤP HÀNH {{ unit.party_organization|upper }}",
                 "Nhiệm kỳ {{ doc.term }}"):
        document.add_paragraph(text)
    count, k = 4, 0
    while count < paragraphs - 2:
        code = codes[k % len(codes)]
        k += 1
        if k % 10 == 1:
            document.add_heading(f"{k // 10 + 1}. Kết quả thực hiện nhiệm vụ", level=2)
            count += 1
        i = f"ind.{code}"
        document.add_paragraph(
            f"{{% if {i}.has_value %}}{{{{ {i}.name }}}} năm {{{{ doc.report_year }}}} đạt "
            f"{{{{ {i}.value|qty }}}}{{% if {i}.has_baseline %}}, {{{{ {i}.value|change({i}."
            f"baseline) }}}}{{% endif %}}.{{% endif %}}")
        document.add_paragraph(
            f"{{% if {i}.has_target and {i}.has_achieved %}}So với mục tiêu Nghị quyết: "
            f"{{{{ {i}.achieved|vs_target({i}.target) }}}}, {{{{ {i}.assessment }}}}."
            f"{{% endif %}}")
        document.add_paragraph(
            f"Trong nhiệm kỳ, {{{{ unit.party_organization }}}} lãnh đạo thực hiện có hiệu quả "
            f"nhiệm vụ về {{{{ {i}.name|lower }}}}; công tác chỉ đạo, điều hành có nhiều đổi "
            "mới, sát thực tế, huy động được sự vào cuộc của cả hệ thống chính trị.")
        document.add_paragraph(
            f"{{% for f in {i}.series %}}{{{{ f|period }}}}: {{{{ f|qty }}}}"
            "{% if not loop.last %}; {% endif %}{% endfor %}.")
        count += 4
    document.add_paragraph("Đã thực hiện đạt và vượt {{ targets.met|length }}/"
                           "{{ targets.total }} chỉ tiêu.")
    document.save(str(path))


def make_project(root: Path, units: int, *, template: str, seed: int = 7) -> Path:
    """A synthetic project: the sample's province, 11 districts, communes up to ``units``."""
    from draftgen.config import tomllib

    rng = random.Random(seed)
    config = tomllib.loads((SAMPLE / "draftgen.toml").read_text(encoding="utf-8"))
    sample_units = {u["code"]: u for u in config["units"]}
    province = sample_units["lang-son"]
    chosen: list[tuple[dict, str]] = [(province, "lang-son")]  # (unit, data source)
    districts = []
    for n in range(1, min(11, units - 1) + 1):
        source = DISTRICT_SOURCES[(n - 1) % len(DISTRICT_SOURCES)]
        unit = _clone_unit(sample_units[source], f"huyen-{n:02d}", "lang-son", n)
        districts.append(unit["code"])
        chosen.append((unit, source))
    n = 0
    while len(chosen) < units:
        n += 1
        source = COMMUNE_SOURCES[n % len(COMMUNE_SOURCES)]
        parent = districts[n % len(districts)]
        unit = _clone_unit(sample_units[source], f"xa-{n:04d}", parent, n)
        unit["superior"] = f"Đảng bộ {parent}"
        chosen.append((unit, source))

    spec = dict(config["documents"][0], name=DOCUMENT, template="bao-cao.docx", units=["all"])
    text = ('[project]\nname = "Tỉnh tổng hợp (dữ liệu tổng hợp để đo)"\ndata = "chi-tieu"\n'
            'templates = "mau"\noutput = "ra"\ncontent = "noi-dung"\n\n')
    text += "".join(_unit_block(u) for u, _ in chosen)
    text += "[[documents]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in spec.items())
    root.mkdir(parents=True, exist_ok=True)
    (root / "draftgen.toml").write_text(text, encoding="utf-8")

    data = root / "chi-tieu"
    data.mkdir(exist_ok=True)
    shutil.copyfile(SAMPLE / "chi-tieu" / "danh-muc.csv", data / "danh-muc.csv")
    for table, column in (("gia-tri", "gia_tri"), ("muc-tieu", None)):
        with open(SAMPLE / "chi-tieu" / f"{table}.csv", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            fields, rows = reader.fieldnames, list(reader)
        by_unit: dict[str, list[dict]] = {}
        for row in rows:
            by_unit.setdefault(row["don_vi"], []).append(row)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for unit, source in chosen:
            for row in by_unit.get(source, []):
                row = dict(row, don_vi=unit["code"])
                if column and unit["code"] != source:
                    row[column] = _shifted(row[column], rng)
                    row["minh_hoa"] = "x"
                writer.writerow(row)
        (data / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8")
    if (SAMPLE / "noi-dung" / "chung").is_dir():
        shutil.copytree(SAMPLE / "noi-dung" / "chung", root / "noi-dung" / "chung")
    for own in ("lang-son",):
        if (SAMPLE / "noi-dung" / own).is_dir():
            shutil.copytree(SAMPLE / "noi-dung" / own, root / "noi-dung" / own)
    _template(template, root / "mau")
    return root


# --------------------------------------------------------------------------- children


def _child_naive(project_dir: Path, limit: int) -> dict:
    """The naive loop: a fresh DocxTemplate and an ordinary environment per unit."""
    import docxtpl
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from draftgen.build import Builder
    from draftgen.charts import chart_function
    from draftgen.config import load_project
    from draftgen.context import build_context
    from draftgen.footnotes import FootnoteCollector

    project = load_project(project_dir)
    start = time.perf_counter()
    builder = Builder(project)
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True,
                               finalize=builder.env.finalize, keep_trailing_newline=True)
    env.filters.update(builder.env.filters)
    env.globals.update(builder.env.globals)
    jobs = builder.jobs()[:limit]
    path = project.templates_dir / jobs[0].document.template
    out_dir = project_dir / "tho"
    out_dir.mkdir(exist_ok=True)
    failed = 0
    for job in jobs:
        tpl = docxtpl.DocxTemplate(str(path))
        context = build_context(project, builder.data, job.document, job.unit)
        context = {**context, "fn": FootnoteCollector().fn, "chart": chart_function(tpl)}
        try:
            tpl.render(context, jinja_env=env, autoescape=True)
        except Exception:
            failed += 1
            continue
        tpl.save(str(out_dir / f"{job.unit.code}.docx"))
    return {"seconds": time.perf_counter() - start, "units": len(jobs), "failed": failed}


def _child_draftgen(project_dir: Path, jobs: int) -> dict:
    from draftgen.build import build

    start = time.perf_counter()
    report = build(project_dir, workers=jobs)
    return {"seconds": time.perf_counter() - start, "units": len(report.results),
            "failed": len(report.failed),
            "errors": [r.error for r in report.failed[:3]]}


def _child(argv: list[str]) -> None:
    kind, project_dir, number = argv[0], Path(argv[1]), int(argv[2])
    import draftgen.build  # noqa: F401  imports before the clock: both sides pay them alike
    import draftgen.context  # noqa: F401
    import draftgen.render  # noqa: F401

    cpu = os.times()
    result = (_child_naive if kind == "naive" else _child_draftgen)(project_dir, number)
    after = os.times()
    result["cpu_seconds"] = sum(after[:4]) - sum(cpu[:4])  # user + system, workers included
    result["self_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["workers_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


# --------------------------------------------------------------------------- parent


def _tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and its descendants (Linux)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    pending.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_child(kind: str, project: Path, number: int) -> dict:
    """Run one measurement in a fresh interpreter, sampling its memory."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", kind, str(project), str(number)],
                            stdout=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_pss_kb(proc.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{kind} failed on {project}")
    result = json.loads(out.strip().splitlines()[-1])
    result["pss_mb"] = peak / 1024
    return result


def _command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("draftgen")
    return [str(script), *args] if script.is_file() else [sys.executable, "-m", "draftgen.cli",
                                                          *args]


def time_no_change(project: Path) -> float:
    """``draftgen build`` as a command, with nothing to do: best of three."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(_command("build", "--project", str(project)), capture_output=True,
                              text=True)
        best = min(best, time.perf_counter() - start)
        if "Không có gì thay đổi" not in done.stdout:
            raise SystemExit(f"no-change rebuild did work:\n{done.stdout}{done.stderr}")
    return best


def time_help() -> float:
    """``draftgen --help`` as a command: best of five."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(_command("--help"), capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def identical_outputs(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    return bool(files) and files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()) \
        and all((a / f).read_bytes() == (b / f).read_bytes() for f in files)


def scenario(label: str, template: str, units: int, workers: int, naive_limit: int | None,
             tmp: Path) -> dict:
    project = make_project(tmp / f"{template}-{units}", units, template=template)
    naive = run_child("naive", project, min(units, naive_limit or units))
    if naive["failed"]:
        raise SystemExit(f"naive: {naive['failed']} units failed")
    naive_total = naive["seconds"] / naive["units"] * units
    cache = tmp / f"cache-{template}-{units}"
    os.environ["DRAFTGEN_CACHE_DIR"] = str(cache)  # empty: the first build compiles
    first = run_child("draftgen", project, workers)
    if first["failed"]:
        raise SystemExit(f"{first['failed']} units failed: {first['errors']}")
    if units <= 12:  # determinism: another clean build gives the same bytes
        twin = tmp / f"{template}-{units}-twin"
        shutil.copytree(project, twin, ignore=shutil.ignore_patterns("ra", "tho"))
        run_child("draftgen", twin, workers)
        identical = identical_outputs(project / "ra", twin / "ra")
    shutil.rmtree(project / "ra")
    ours = run_child("draftgen", project, workers)  # clean again, templates compiled once
    no_change = time_no_change(project)
    row = {"label": label, "template": template, "units": units,
           "naive": naive_total, "naive_estimated": naive["units"] < units,
           "first": first["seconds"], "draftgen": ours["seconds"],
           "ratio": naive_total / ours["seconds"], "ratio_first": naive_total / first["seconds"],
           "no_change": no_change, "pss_mb": max(first["pss_mb"], ours["pss_mb"]),
           "naive_pss_mb": naive["pss_mb"], "naive_cpu": naive["cpu_seconds"] / naive["units"]
           * units, "cpu": ours["cpu_seconds"],
           "main_rss_mb": ours["self_rss_mb"], "worker_rss_mb": ours["workers_rss_mb"]}
    if units <= 12:
        row["identical"] = identical
    shutil.rmtree(project)  # the next project needs the disk
    return row


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        _child(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--naive-limit", type=int, default=None,
                        help="render only this many units in the naive loop and extrapolate")
    parser.add_argument("--template", choices=("generated", "sample", "both"), default="both")
    args = parser.parse_args(argv)
    kinds = ["generated", "sample"] if args.template == "both" else [args.template]
    if "sample" in kinds and not SAMPLE_TEMPLATE.is_file():
        kinds.remove("sample")
    sizes = [12, *sorted({100, args.units} - {12})] if args.units > 12 else [12]
    rows = []
    with tempfile.TemporaryDirectory(prefix="draftgen-bench-") as tmp:
        for kind in kinds:
            for units in sizes:
                label = "12 biến thể" if units == 12 else f"{units:,} đơn vị".replace(",", ".")
                rows.append(scenario(label, kind, units, args.jobs, args.naive_limit, Path(tmp)))
                print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    help_time = time_help()
    print(f"\nCPU: {os.cpu_count()}, --jobs {args.jobs}, Python {sys.version.split()[0]}")
    header = (f"{'kịch bản':<14}{'mẫu':<11}{'docxtpl thô':>13}{'lần đầu':>10}{'draftgen':>10}"
              f"{'nhanh hơn':>11}{'không đổi':>11}{'PSS đỉnh':>10}{'RSS chính':>11}"
              f"{'RSS worker':>11}")
    print(header)
    print("-" * len(header))
    for r in rows:
        naive = ("≈" if r["naive_estimated"] else "") + f"{r['naive']:.1f} s"
        print(f"{r['label']:<14}{r['template']:<11}{naive:>13}{r['first']:>8.1f} s"
              f"{r['draftgen']:>8.1f} s{r['ratio']:>10.1f}×{r['no_change']:>9.2f} s"
              f"{r['pss_mb']:>7.0f} MB{r['main_rss_mb']:>8.0f} MB{r['worker_rss_mb']:>8.0f} MB")
    print("(«nhanh hơn» = docxtpl thô / draftgen khi mẫu đã biên dịch; lần dựng đầu: "
          + ", ".join(f"{r['ratio_first']:.1f}×" for r in rows) + ")")
    print("thời gian CPU (user + system, cả các tiến trình dựng): "
          + "; ".join(f"{r['label']} {r['template']}: thô {r['naive_cpu']:.1f} s, draftgen "
                      f"{r['cpu']:.1f} s" for r in rows))
    for kind in kinds:
        mine = {r["units"]: r for r in rows if r["template"] == kind}
        if 100 in mine and args.units in mine and args.units != 100:
            growth = mine[args.units]["pss_mb"] / mine[100]["pss_mb"] - 1
            worker = mine[args.units]["worker_rss_mb"] / mine[100]["worker_rss_mb"] - 1
            print(f"bộ nhớ ({kind}) từ 100 đến {args.units} đơn vị: PSS đỉnh {growth:+.0%}, "
                  f"RSS worker {worker:+.0%}")
    for r in rows:
        if "identical" in r:
            print(f"hai lần dựng sạch ({r['template']}, {r['units']} đơn vị) giống hệt từng byte: "
                  f"{'có' if r['identical'] else 'KHÔNG'}")
    print(f"draftgen --help: {help_time:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
