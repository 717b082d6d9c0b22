"""证明材料: PDF, JPG and PNG files checked by their content, at most 5 MB, kept with their SHA-256,
shown only to the applicant and to the caseworkers of the application's county."""

from __future__ import annotations

import hashlib
import re
import struct
import zlib

import pytest

from jiuye.applications import evidence
from jiuye.applications import service as apps
from jiuye.applications.models import EvidenceFile
from jiuye.errors import InputError, NotFound
from tests.dbfixtures import auth, flexible, login_cookie


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
FAKE_PDF = b"MZ\x90\x00 this is an executable, not a PDF"


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def submitted(world):
    app, _ = apps.submit(db_session=world.session, user=world["kecheng"], payload=flexible(world.ids["li"]))
    return app


# --- the checks -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "ctype", "stored_as"), [
    ("毕业证书.pdf", PDF, "application/pdf", "毕业证书.pdf"),
    ("营业执照.PNG", png_bytes(), "image/png", "营业执照.png"),
    ("photo.jpeg", JPG, "image/jpeg", "photo.jpg"),
    ("扫描件", PDF, "application/pdf", "扫描件.pdf"),  # no extension: the content decides
    ("C:\\Users\\li\\证书.jpg", PDF, "application/pdf", "证书.pdf"),  # a PDF named .jpg is a PDF
])
def test_a_file_is_typed_by_its_content_and_hashed(name, data, ctype, stored_as):
    u = evidence.check_upload(name, data, limit=5 * 1024 * 1024)
    assert (u.content_type, u.filename, u.size) == (ctype, stored_as, len(data))
    assert u.sha256 == hashlib.sha256(data).hexdigest()


def test_a_fake_pdf_is_refused_naming_the_field():
    with pytest.raises(InputError) as e:
        evidence.check_upload("证明.pdf", FAKE_PDF, limit=5 * 1024 * 1024)
    assert e.value.field == "evidence"
    assert e.value.message_zh == "证明材料“证明.pdf”不是 PDF、JPG 或 PNG 文件（按文件内容检查，与扩展名无关）"


def test_an_oversize_or_empty_file_is_refused():
    with pytest.raises(InputError) as e:
        evidence.check_upload("big.pdf", PDF + b"0" * 5 * 1024 * 1024, limit=5 * 1024 * 1024)
    assert "证明材料“big.pdf”超过 5.0 MB 的上限" in e.value.message_zh
    with pytest.raises(InputError, match="空文件"):
        evidence.check_upload("empty.png", b"", limit=100)


def test_the_limit_is_a_setting(monkeypatch):
    monkeypatch.setenv("JIUYE_EVIDENCE_MAX_BYTES", "1000")
    assert evidence.max_bytes() == 1000
    with pytest.raises(InputError, match="超过 1000 B 的上限"):
        evidence.check_upload("a.pdf", PDF + b" " * 1000)


# --- stored, listed, downloaded -------------------------------------------------------------------

def test_files_are_stored_with_their_hash_once_and_listed(world):
    app = submitted(world)
    ups = [evidence.check_upload("a.pdf", PDF), evidence.check_upload("b.png", png_bytes()),
           evidence.check_upload("a-again.pdf", PDF)]  # the same content twice: kept once
    added = evidence.add(db_session=world.session, user=world["li"], application_id=app.id, uploads=ups)
    assert len(added) == 2
    row = world.session.get(EvidenceFile, added[0].id)
    assert row.sha256 == hashlib.sha256(PDF).hexdigest() and row.size_bytes == len(PDF)
    listed = evidence.evidence_for(world.session, app.id)
    assert [(f["filename"], f["content_type"], f["kind_zh"]) for f in listed] == [
        ("a.pdf", "application/pdf", "PDF 文件"), ("b.png", "image/png", "PNG 图片")]
    assert listed[1]["url"] == f"/applications/{app.id}/evidence/{added[1].id}"
    got = evidence.download(db_session=world.session, user=world["kecheng"], application_id=app.id,
                            evidence_id=added[1].id)
    assert got.content == png_bytes()


def test_only_the_applicant_and_the_county_caseworker_see_the_files(world):
    app = submitted(world)
    [f] = evidence.add(db_session=world.session, user=world["kecheng"], application_id=app.id,
                       uploads=[evidence.check_upload("a.pdf", PDF)])
    for name in ("li", "kecheng"):
        assert evidence.download(db_session=world.session, user=world[name], application_id=app.id,
                                 evidence_id=f.id).content == PDF
    for name in ("shangcheng", "zhang", "firm", "qz_manager", "admin"):
        with pytest.raises(NotFound):
            evidence.download(db_session=world.session, user=world[name], application_id=app.id, evidence_id=f.id)


def test_at_most_ten_files(world):
    app = submitted(world)
    ups = [evidence.check_upload(f"{i}.pdf", PDF + str(i).encode()) for i in range(11)]
    with pytest.raises(InputError, match="最多 10 个文件"):
        evidence.add(db_session=world.session, user=world["li"], application_id=app.id, uploads=ups)
    assert evidence.evidence_for(world.session, app.id) == []


# --- over HTTP ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "ctype"), [("证书.pdf", PDF, "application/pdf"),
                                                     ("照片.png", png_bytes(), "image/png"),
                                                     ("照片.jpg", JPG, "image/jpeg")])
def test_upload_and_download_over_http(client, world, name, data, ctype):
    app = submitted(world)
    login_cookie(client, world["li"])
    assert f'href="/applications/{app.id}/evidence"' in client.get(f"/applications/{app.id}").text
    page = client.get(f"/applications/{app.id}/evidence").text
    r = client.post(f"/applications/{app.id}/evidence", data={"csrf": csrf_of(page)},
                    files={"evidence": (name, data, "application/octet-stream")})
    assert r.status_code == 303
    [f] = evidence.evidence_for(world.session, app.id)
    assert f["sha256"] == hashlib.sha256(data).hexdigest()
    got = client.get(f["url"])
    assert got.status_code == 200 and got.content == data and got.headers["content-type"] == ctype
    assert got.headers["x-content-type-options"] == "nosniff"
    login_cookie(client, world["kecheng"])
    assert client.get(f["url"]).content == data
    assert name.rsplit(".", 1)[0] in client.get(f"/applications/{app.id}/evidence").text
    assert client.get(f"/api/v1/applications/{app.id}/evidence", headers=auth(world["kecheng"])).json()[0]["id"] == f["id"]


def test_a_fake_pdf_over_http_is_a_chinese_error_not_a_500(client, world):
    app = submitted(world)
    login_cookie(client, world["li"])
    csrf = csrf_of(client.get(f"/applications/{app.id}/evidence").text)
    r = client.post(f"/applications/{app.id}/evidence", data={"csrf": csrf},
                    files={"evidence": ("证明.pdf", FAKE_PDF, "application/pdf")})
    assert r.status_code == 422 and "证明材料“证明.pdf”不是 PDF、JPG 或 PNG 文件" in r.text
    assert evidence.evidence_for(world.session, app.id) == []


def test_an_oversize_file_over_http_is_refused(client, world, monkeypatch):
    monkeypatch.setenv("JIUYE_EVIDENCE_MAX_BYTES", "2000")
    app = submitted(world)
    login_cookie(client, world["li"])
    csrf = csrf_of(client.get(f"/applications/{app.id}/evidence").text)
    r = client.post(f"/applications/{app.id}/evidence", data={"csrf": csrf},
                    files={"evidence": ("big.png", png_bytes() + b"\x00" * 3000, "image/png")})
    assert r.status_code == 422 and "证明材料“big.png”超过 2 KB 的上限" in r.text
    assert evidence.evidence_for(world.session, app.id) == []


def test_another_county_gets_404_on_download_and_list(client, world):
    app = submitted(world)
    [f] = evidence.add(db_session=world.session, user=world["li"], application_id=app.id,
                       uploads=[evidence.check_upload("a.png", png_bytes())])
    url = f"/applications/{app.id}/evidence/{f.id}"
    for name in ("shangcheng", "zhang", "qz_manager"):
        assert client.get(url, headers=auth(world[name])).status_code == 404
        assert client.get(f"/api/v1/applications/{app.id}/evidence", headers=auth(world[name])).status_code == 404
    assert client.get(url, headers=auth(world["li"])).status_code == 200


def test_the_api_adds_files_and_refuses_a_fake_one_with_the_field(client, world):
    app = submitted(world)
    url = f"/api/v1/applications/{app.id}/evidence"
    r = client.post(url, headers=auth(world["li"]), files={"evidence": ("证明.pdf", FAKE_PDF, "application/pdf")})
    assert r.status_code == 422 and r.json()["field"] == "evidence" and "证明材料" in r.json()["message_zh"]
    r = client.post(url, headers=auth(world["li"]), files={"evidence": ("证明.pdf", PDF, "application/pdf")})
    assert r.status_code == 201 and r.json()[0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    other = client.post(url, headers=auth(world["shangcheng"]), files={"evidence": ("x.pdf", PDF, "application/pdf")})
    assert other.status_code == 404
