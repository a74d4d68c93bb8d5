"""Small projects with a seeded inconsistency, for the audit's tests and the tests of what a
draft marks (test_flags)."""

from __future__ import annotations

from pathlib import Path

from projectkit import CONFIG as PROJECT_CONFIG
from projectkit import make_template, write_project

from draftgen.audit import audit_path

# The small project of projectkit, its province able to declare how many units it really has
# ({expected}), its document for the province only.
CONFIG = (PROJECT_CONFIG.replace('name = "Dự án thử"', 'name = "Dự án kiểm tra"')
          .replace('congress = { "2015-2020" = 17 }\n', 'congress = { "2015-2020" = 17 }\n{expected}\n', 1)
          .replace('units = ["tinh-a", "children:tinh-a"]', 'units = ["tinh-a"]'))

HEADER = ("ma,ten,dvt,linh_vuc,nhom,loai,so_le,chieu_tot,dvt_hien_thi,tong_hop,thuoc_tong,"
          "binh_quan_cua,toc_do_cua,trong_so,dem_muc_tieu\n")
CATALOGUE = HEADER + """\
TT_NONG,Tỷ trọng nông nghiệp,%,kinh tế,cơ cấu,tỷ trọng,2,giảm,,không,cơ cấu kinh tế,,,,
TT_CN,Tỷ trọng công nghiệp,%,kinh tế,cơ cấu,tỷ trọng,2,tăng,,không,cơ cấu kinh tế,,,,
TT_DV,Tỷ trọng dịch vụ,%,kinh tế,cơ cấu,tỷ trọng,2,tăng,,không,cơ cấu kinh tế,,,,
GRDP_TT,Tốc độ tăng trưởng GRDP,%,kinh tế,tăng trưởng,tốc độ,2,tăng,,không,,,,,
KHACH,Lượng khách du lịch,nghìn lượt,kinh tế,du lịch,mức,,tăng,,tổng,,,,,
KHACH_TANG,Tốc độ tăng lượng khách du lịch,%,kinh tế,du lịch,tốc độ,,tăng,,không,,,KHACH,,
HO_NGHEO,Tỷ lệ hộ nghèo,%,văn hóa - xã hội,giảm nghèo,tỷ lệ,2,giảm,,trung bình có trọng số,,,,SO_HO,
GIAM_NGHEO,Mức giảm tỷ lệ hộ nghèo bình quân,%,văn hóa - xã hội,giảm nghèo,tốc độ,,tăng,,không,,,HO_NGHEO,,
SO_HO,Số hộ,hộ,văn hóa - xã hội,dân số,số đếm,,tăng,,tổng,,,,,
KET_NAP,Số đảng viên mới được kết nạp,đảng viên,xây dựng Đảng,tổ chức,số đếm,,tăng,,tổng,,,,,
KET_NAP_BQ,Số đảng viên kết nạp bình quân mỗi năm,đảng viên,xây dựng Đảng,tổ chức,số đếm,,tăng,,tổng,,KET_NAP,,,
RUNG,Tỷ lệ che phủ rừng,%,kinh tế,lâm nghiệp,tỷ lệ,,tăng,,trung bình,,,,,
CT_DAT,Số chỉ tiêu đạt và vượt,chỉ tiêu,tổng quát,chỉ tiêu,số đếm,,tăng,,không,,,,,đạt
CT_TONG,Số chỉ tiêu Nghị quyết,chỉ tiêu,tổng quát,chỉ tiêu,số đếm,,tăng,,không,,,,,tổng
"""
VALUES_HEADER = "don_vi,ma_chi_tieu,ky,gia_tri,trang_thai,nguon,ghi_chu,minh_hoa\n"
TARGETS = """\
don_vi,ma_chi_tieu,nhiem_ky,muc_tieu,stt,dien_giai,nguon,ghi_chu,minh_hoa
tinh-a,GRDP_TT,2015-2020,"7 - 7,5",1,,,,
tinh-a,RUNG,2015-2020,từ 60 trở lên,2,,,,
tinh-a,HO_NGHEO,2015-2020,dưới 8,3,,,,
"""


def project(tmp_path: Path, values: str, *, expected: str = "", catalogue: str = CATALOGUE,
            targets: str = TARGETS, template: list[str] | None = None) -> Path:
    root = write_project(tmp_path / "du-an", config=CONFIG.replace("{expected}", expected),
                         catalogue=catalogue, values=VALUES_HEADER + values, targets=targets)
    make_template(root / "mau" / "bao-cao.docx", template or ["{{ unit.full_name }}"])
    return root


def audit(root: Path):
    return audit_path(root)


def only(report, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, [str(f) for f in report.findings]
    return found[0]


def rows(finding) -> list[int]:
    return [c.row for c in finding.cells]
