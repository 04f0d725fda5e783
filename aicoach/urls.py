"""API routes of aicoach (mounted under /api/)."""

from django.urls import path

from aicoach.api import ChatApi, HistoryApi

urlpatterns = [
    path("ai/chat/", ChatApi.as_view(), name="ai-chat"),
    path("ai/history/", HistoryApi.as_view(), name="ai-history"),
]
