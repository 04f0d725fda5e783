from django.contrib import admin

from aicoach.models import AIResponseCache, AIUsage, ChatMessage


@admin.register(AIUsage)
class AIUsageAdmin(admin.ModelAdmin):
    list_display = ["id", "member", "date", "used", "input_tokens", "output_tokens"]
    list_select_related = ["member__user"]
    list_filter = ["date"]
    search_fields = ["member__user__email"]
    raw_id_fields = ["member"]


@admin.register(AIResponseCache)
class AIResponseCacheAdmin(admin.ModelAdmin):
    list_display = ["key", "model", "hits", "last_used_at", "expires_at"]
    search_fields = ["key", "question"]
    show_full_result_count = False


@admin.register(ChatMessage)
class ChatMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "member", "created_at", "cached", "input_tokens", "output_tokens"]
    list_select_related = ["member__user"]
    list_filter = ["cached"]
    search_fields = ["member__user__email", "message"]
    raw_id_fields = ["member"]
    show_full_result_count = False
