from ninja import NinjaAPI

hsds_api = NinjaAPI(title="Jisr HSDS 3.0", version="3.0", urls_namespace="hsds")
