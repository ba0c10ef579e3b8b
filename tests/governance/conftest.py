"""Governance tests promote versions to production: they run on the deployments tests' own API and worker."""

from tests.support.deploy_stack import deploy_stack, other_tenant, tenant

__all__ = ["deploy_stack", "other_tenant", "tenant"]
