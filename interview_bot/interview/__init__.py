"""The interview itself: the engine (a pure state machine), what the recruiter says, how a candidate's
message is read, and ``InterviewService``, the one entry point the page, the API and the CLI use."""
