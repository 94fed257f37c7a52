from django.test import Client
from suma.core.tokens import api_token_create
def test_probe(world):
    _t, key = api_token_create(user=world.member, name="t")
    c = Client()
    for body in ["[null]", "3", '"x"', "{}", '{"ids": [1]}', "null"]:
        r = c.post("/api/v1/me/notifications/read", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
        print(body, r.status_code, r.content[:200])
