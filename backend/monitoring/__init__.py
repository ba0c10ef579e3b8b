"""Monitoring of live traffic: payload logs, drift against a reference, and the alerts drift opens."""
