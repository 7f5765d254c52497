# SPDX-License-Identifier: AGPL-3.0-or-later
"""The analysis config: defaults < file < flags, unknown keys refused with exit 78."""
from __future__ import annotations

import pytest

from rpa_finder.config import AnalysisConfig, load_config
from rpa_finder.errors import ConfigError
from rpa_finder.scoring.savings import SavingsSettings


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_documented_settings():
    config = AnalysisConfig()
    assert config.language == "fi"
    assert config.candidates.savings == SavingsSettings()
    assert config.candidates.savings.hours_per_fte == 1644.0


def test_file_overrides_defaults(tmp_path):
    config = load_config(write(tmp_path, """
[columns]
case = "Diaarinumero"
[weights]
rule_basedness = 2.5
[savings]
hourly_cost_eur = [30, 40, 50]
[candidates]
min_workload_hours = 5
[handling_minutes]
"Hyväksy lasku" = 12
[report]
language = "sv"
"""))
    assert config.read.columns.case == "Diaarinumero"
    assert config.candidates.weights == {"rule_basedness": 2.5}
    assert config.candidates.savings.hourly_cost_eur == (30.0, 40.0, 50.0)
    assert config.candidates.min_workload_hours == 5.0
    assert config.handling_minutes == {"Hyväksy lasku": 12.0}
    assert config.language == "sv" and config.candidates.language == "sv"


@pytest.mark.parametrize("text, match", [
    ("[weights]\nlooks = 1\n", "unknown criterion 'looks'"),
    ("[savings]\nhourly_cost_eur = [50, 40, 30]\n", "rising order"),
    ("[savings]\nhourly_cost_eur = [\"a\", 40, 50]\n", "must be a list of 3 numbers"),
    ("[savings]\ncolour = 1\n", "unknown key 'colour'"),
    ("[nonsense]\n", "unknown section"),
    ("[report]\nlanguage = \"de\"\n", "language must be one of"),
    ("[weights\n", "not valid TOML"),
    ("[handling_minutes]\nx = -1\n", "must be a number >= 0"),
])
def test_bad_config_is_a_one_line_config_error(tmp_path, text, match):
    with pytest.raises(ConfigError, match=match) as info:
        load_config(write(tmp_path, text))
    assert info.value.exit_code == 78
    assert "\n" not in str(info.value)
    assert "config.toml" in str(info.value)


def test_a_settings_error_reads_finnish_and_swedish_with_keys_verbatim(tmp_path):
    """The CLI shows ``localised``: the prose is translated, the section, key and values are not."""
    path = write(tmp_path, "[savings]\ncolour = 1\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: [savings]: unknown key 'colour'; allowed keys are hours_per_fte,")
    assert info.value.localised("fi").startswith(f"{path}: [savings]: tuntematon avain 'colour'; sallitut avaimet ovat hours_per_fte,")
    assert info.value.localised("sv").startswith(f"{path}: [savings]: okänd nyckel 'colour'; tillåtna nycklar är hours_per_fte,")
