"""AssessmentInput: the validated form of an input YAML file (and its optional roster CSV).

models.py holds the models and field types, loading.py reads files and validates them against
the framework's model, messages.py turns validation errors into one-line fixes.
"""

from generator.inputs.loading import (
    RosterCsv,
    _fast_load,
    _StrictLoader,
    display_path,
    load_input,
    parse_input,
    parse_yaml,
    read_roster_csv,
    read_text_file,
    resolve_framework,
    roster_from_rows,
)
from generator.inputs.messages import describe_validation_error
from generator.inputs.models import (
    _INVISIBLE_CHARS,
    MAX_CSV_BYTES,
    MAX_PARTNERS,
    MAX_RESPONDENTS,
    MAX_TEXT_CHARS,
    MAX_YAML_BYTES,
    AnsweredInput,
    AssessmentInput,
    EngagementLabel,
    Partner,
    PartnerFeedback,
    PartnerType,
    Weight,
    _show,
    clean_text,
    input_model,
    name_key,
)

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_PARTNERS",
    "MAX_RESPONDENTS",
    "MAX_TEXT_CHARS",
    "MAX_YAML_BYTES",
    "_INVISIBLE_CHARS",
    "AnsweredInput",
    "AssessmentInput",
    "EngagementLabel",
    "Partner",
    "PartnerFeedback",
    "PartnerType",
    "RosterCsv",
    "Weight",
    "_StrictLoader",
    "_fast_load",
    "_show",
    "clean_text",
    "describe_validation_error",
    "display_path",
    "input_model",
    "load_input",
    "name_key",
    "parse_input",
    "parse_yaml",
    "read_roster_csv",
    "read_text_file",
    "resolve_framework",
    "roster_from_rows",
]
