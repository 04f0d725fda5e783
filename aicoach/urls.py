"""API routes of aicoach (mounted under /api/)."""

from django.urls import path

from aicoach.api import ChatApi, HistoryApi, MealEstimateApi

urlpatterns = [
    path("ai/chat/", ChatApi.as_view(), name="ai-chat"),
    path("ai/history/", HistoryApi.as_view(), name="ai-history"),
    path("ai/meal-estimate/", MealEstimateApi.as_view(), name="ai-meal-estimate"),
]
