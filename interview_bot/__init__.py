"""interview_bot: a mock technical interview for the Full Stack LLM Developer role."""

__version__ = "0.1.0"
