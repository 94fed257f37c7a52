"""This app's REST endpoints."""

from ninja import Router

router = Router()
