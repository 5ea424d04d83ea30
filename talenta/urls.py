"""Pages of talent management under /talenta/."""

from django.urls import path

from talenta.views import development, grid, succession

app_name = "talenta"
urlpatterns = [
    path("", grid.grid_page, name="grid"),
    path("hitung/", grid.grid_start, name="grid-start"),
    path("kotak/<int:box>/", grid.box_page, name="box"),
    path("saya/", grid.my_card, name="my-card"),
    path("kartu/<int:entry_id>/", grid.entry_card, name="card"),
    path("pengembangan/", development.development_page, name="development"),
    path("pengembangan/xlsx/", development.development_export, name="development-xlsx"),
    path("suksesi/", succession.key_posts_page, name="key-posts"),
    path("suksesi/tandai-bawaan/", succession.mark_defaults, name="mark-defaults"),
    path("suksesi/<int:key_post_id>/", succession.plan_page, name="plan"),
    path("suksesi/<int:key_post_id>/hitung/", succession.plan_compute, name="plan-compute"),
    path("suksesi/rencana/<int:plan_id>/konfirmasi/", succession.plan_confirm, name="plan-confirm"),
]
