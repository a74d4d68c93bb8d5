"""Compiled template code kept on disk: used again by a new environment, never trusted blindly."""

from __future__ import annotations

import jinja2
import pytest

from draftgen.compilecache import CompileCache
from draftgen.environment import make_environment

SOURCE = "{% for x in items %}{{ x }}{% if not loop.last %}; {% endif %}{% endfor %}"


@pytest.fixture
def env_with(tmp_path):
    def make(folder=tmp_path / "cache"):
        env = make_environment()
        env.compile_cache = CompileCache(folder)
        return env
    return make


def test_a_new_environment_reuses_the_compiled_code(env_with, tmp_path, monkeypatch):
    first = env_with()
    assert first.from_string(SOURCE).render(items=[1.5, 2]) == "1,5; 2"
    files = list((tmp_path / "cache").glob("*.code"))
    assert len(files) == 1

    second = env_with()

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compile)
    assert second.from_string(SOURCE).render(items=[3.25]) == "3,25"


def test_a_damaged_file_is_compiled_again(env_with, tmp_path):
    env_with().from_string(SOURCE)
    (path,) = (tmp_path / "cache").glob("*.code")
    path.write_bytes(b"\xe3 not marshal")
    assert env_with().from_string(SOURCE).render(items=[1]) == "1"
    assert path.read_bytes() != b"\xe3 not marshal"


def test_the_key_follows_the_source_and_the_environment(env_with, tmp_path):
    env = env_with()
    cache = env.compile_cache
    assert cache.path(env, SOURCE, None, None) == cache.path(env_with(), SOURCE, None, None)
    assert cache.path(env, SOURCE, None, None) != cache.path(env, SOURCE + " ", None, None)
    other = make_environment()
    other.filters["extra"] = lambda v: v
    assert cache.path(env, SOURCE, None, None) != cache.path(other, SOURCE, None, None)


def test_errors_still_name_the_template_line(env_with):
    env_with().from_string("a\n{{ 1 // 0 }}")
    template = env_with().from_string("a\n{{ 1 // 0 }}")
    with pytest.raises(ZeroDivisionError) as err:
        template.render()
    lines, tb = [], err.value.__traceback__
    while tb is not None:  # as draftgen.render finds the line of a template error
        if tb.tb_frame.f_code.co_filename == "<template>":
            lines.append(tb.tb_lineno)
        tb = tb.tb_next
    assert lines[-1:] == [2]
