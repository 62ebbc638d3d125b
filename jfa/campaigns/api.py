from ninja import Router

router = Router(tags=["campaign"])
