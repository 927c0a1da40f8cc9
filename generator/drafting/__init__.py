"""Drafters turn facts into an AssessmentReport; every drafter has the same interface."""
