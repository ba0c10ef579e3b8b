"""The deployments tests run on their own API and worker: see tests/support/deploy_stack.py."""

from tests.support.deploy_stack import deploy_stack, other_tenant, tenant

__all__ = ["deploy_stack", "other_tenant", "tenant"]
