"""``dialogues briefing PROGRAMME SIDE --format pdf -o FILE``: writes the file and records it;
bad input writes nothing and records nothing."""

import hashlib
import io

import pypdf
import pytest

from tests.briefings.conftest import assert_no_secrets, exports


def test_the_command_writes_the_file_and_records_the_export(runner, world, tmp_path):
    target = tmp_path / "gulf.pdf"
    result = runner.invoke(
        args=[
            "briefing",
            world.programme.slug,
            world.gulf.slug,
            "--format",
            "pdf",
            "-o",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    content = target.read_bytes()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "Gammaridge desalination compact" in text
    assert_no_secrets(text, world.secrets, "the command's PDF")
    (export,) = exports()
    assert export.actor_id is None
    assert export.sha256 == hashlib.sha256(content).hexdigest()
    assert export.sha256 in result.output


def test_programme_and_side_by_id_and_a_chosen_recipient(runner, world, tmp_path):
    target = tmp_path / "briefing.md"
    result = runner.invoke(
        args=["briefing", str(world.programme.id), str(world.cn.id), "--format", "md",
              "-o", str(target), "--recipient", "Ministry of Foreign Affairs",
              "--sections", "recommendations"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert "Distribution: Ministry of Foreign Affairs only." in text
    assert "Executive summary" not in text
    assert exports()[0].recipient == "Ministry of Foreign Affairs"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-programme", "china"], "no programme"),
        (["maritime-dialogue", "atlantis"], "no side"),
        (["maritime-dialogue", "china", "--format", "exe"], "exe"),
        (["maritime-dialogue", "china", "--sections", "gossip"], "Unknown section"),
        (["maritime-dialogue", "china", "--recipient", "x" * 201], "at most 200"),
    ],
)
def test_bad_input_writes_nothing(runner, world, tmp_path, args, message):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.pdf"
    result = runner.invoke(args=["briefing", *args, "-o", str(target)])
    assert result.exit_code != 0
    assert message in result.output
    assert list(folder.iterdir()) == []  # not even a temporary file
    assert exports() == []


def test_a_side_of_another_programme_is_refused(runner, world, make, tmp_path):
    other = make.programme()
    target = tmp_path / "out.pdf"
    result = runner.invoke(
        args=["briefing", world.programme.slug, str(other.sides[0].id), "-o", str(target)]
    )
    assert result.exit_code != 0
    assert not target.exists()
    assert exports() == []
