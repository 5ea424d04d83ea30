"""The decree texts a region starts from (REGULATION.md 6 and the rules it cites, section 1).

HR replaces any of them per region in the admin (mutasi.DecreeTemplate); an empty field there means
the default below. Placeholders: {kepala} ("Walikota Manna"), {daerah} ("Kota Manna"), {tmt} (the
decree's TMT, "6 Desember 2026"), {jumlah} (the number of employees it moves).
"""

MENIMBANG = (
    "bahwa dalam rangka pembinaan karier dan peningkatan kinerja organisasi, serta berdasarkan hasil "
    "analisis beban kerja dan penilaian kinerja, dipandang perlu melakukan mutasi Pegawai Negeri Sipil "
    "di lingkungan Pemerintah {daerah};\n"
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan "
    "{kepala} tentang Mutasi Pegawai Negeri Sipil;"
)

MENGINGAT = (
    "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;\n"
    "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah "
    "diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020;\n"
    "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi;"
)

DECISIONS = (
    "Memindahkan {jumlah} Pegawai Negeri Sipil yang namanya tercantum dalam Lampiran Keputusan ini dari "
    "jabatan lama ke jabatan baru sebagaimana tercantum di dalamnya, terhitung mulai tanggal {tmt}.\n"
    "Segala biaya yang timbul akibat ditetapkannya Keputusan ini dibebankan pada Anggaran Pendapatan dan "
    "Belanja Daerah {daerah}.\n"
    "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan apabila di kemudian hari "
    "terdapat kekeliruan akan diadakan perbaikan sebagaimana mestinya."
)

TEMBUSAN = (
    "Kepala Badan Kepegawaian Negara di Jakarta;\n"
    "Kepala Kantor Regional BKN yang membawahi {daerah};\n"
    "Inspektur {daerah};\n"
    "Kepala Perangkat Daerah yang bersangkutan;\n"
    "Pegawai Negeri Sipil yang bersangkutan."
)

SUBJECT = "MUTASI PEGAWAI NEGERI SIPIL"

# The decision numbers, KESATU ... KESEPULUH (naskah dinas numbers dicta in words).
ORDINALS = (
    "KESATU",
    "KEDUA",
    "KETIGA",
    "KEEMPAT",
    "KELIMA",
    "KEENAM",
    "KETUJUH",
    "KEDELAPAN",
    "KESEMBILAN",
    "KESEPULUH",
)
