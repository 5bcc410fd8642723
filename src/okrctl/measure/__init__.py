"""Measuring key results and KPIs from their data sources (`okrctl measure`).

Database, HTTP and JMESPath libraries are imported inside the functions that use them, so
that no other command pays for them.
"""
