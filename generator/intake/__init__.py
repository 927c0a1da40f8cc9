"""Intake: inputs as consultants keep them, turned into the plain data the input model checks.

Rosters from CSV in any common dialect or from Excel, the intake workbook, raw survey exports,
the `init` templates and hints that fit the field. Nothing here is imported at package import:
generator.inputs imports generator.intake.hints, and the other modules import generator.inputs.
"""
