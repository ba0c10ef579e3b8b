"""The scoring tests roll shadows out first, on the same kind of API and worker as the deployments tests."""

from tests.support.deploy_stack import deploy_stack, other_tenant, tenant

__all__ = ["deploy_stack", "other_tenant", "tenant"]
