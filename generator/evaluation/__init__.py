"""The eval suite: cases with expert expectations, graders, an optional LLM judge, a runner."""
