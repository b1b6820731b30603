# Names vulture (make lint: `vulture`, settings in pyproject.toml [tool.vulture]) reports as unused but
# that are used, each with the reason. Vulture only parses this file; nothing imports it.
# A name listed here is allowed everywhere, so keep the list short and the reasons true.

# pydantic reads these by name: model settings and validators registered by decorator
model_config  # pydantic ConfigDict / SettingsConfigDict
_._unique_criteria  # @model_validator (bank/schema.py)
_._unique_key_points  # @model_validator (bank/schema.py)
_._csv_strings  # @field_validator (config.py)
_._proxies_listed  # @model_validator (config.py)
_._provider_from_model  # @model_validator (config.py)
_._csv  # @field_validator (config.py)
_._false_is_none  # @field_validator (interview/profile.py)

# pydantic fields that are data, read through validation, JSON or getattr rather than by attribute name
description  # bank/schema.py: a rubric's description, part of the YAML format and the JSON schema
missions  # interview/profile.py Sections: read with getattr(sections, name) by the router's section
team  # (same)
process  # (same)
remote  # (same)
salary  # (same)
scoring  # (same)
duration  # (same)
question_index  # interview/service.py Reply: sent to API clients (api.py serialises the model)
total_questions  # (same)
answer_precision  # interview/turns_eval.py TurnEval: written by `interview-bot eval-turns` as JSON (to_json)
answers_misread  # (same)
non_answers_scored  # (same)

# alembic reads these module variables of each migration
down_revision
branch_labels
depends_on

# attributes set on third-party objects (vulture cannot see that they are read there)
_.intra_op_num_threads  # onnxruntime.SessionOptions
_.inter_op_num_threads  # onnxruntime.SessionOptions
_.execution_mode  # onnxruntime.SessionOptions
_.graph_optimization_level  # onnxruntime.SessionOptions
_.log_severity_level  # onnxruntime.SessionOptions
_.ir_version  # onnx ModelProto
timeout  # report/pdf.py: a parameter of WeasyPrint's URLFetcher.open, which the override must accept

# used only by tests, on purpose
schema_revision  # db.py: the migration tests read the database's revision
forget_engine  # db.py: tests that build databases by hand drop the cached engine

# dead, left for the scorer's owner to decide (issue 18 item 6: interview_bot/scoring/ is the lead's)
_.encode_tokens  # scoring/embedder.py: only tests call it
