"""The public JSON API. Each app contributes a router from its own ``api.py``."""

from ninja import NinjaAPI

from jfa.campaigns.api import router as campaigns_router
from jfa.transparency.api import router as transparency_router

api = NinjaAPI(title="Justice For All", version="1", urls_namespace="api")
api.add_router("/", campaigns_router)
api.add_router("/", transparency_router)
