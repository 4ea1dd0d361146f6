import {TagIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'
import {isUniqueSlugPerType} from '../lib/validation'

export const topic = defineType({
  name: 'topic',
  title: 'Topic',
  type: 'document',
  icon: TagIcon,
  fields: [
    defineField({name: 'title', type: 'string', validation: (rule) => rule.required().max(60)}),
    defineField({
      name: 'slug',
      type: 'slug',
      options: {source: 'title', maxLength: 96, isUnique: isUniqueSlugPerType},
      validation: (rule) => rule.required(),
    }),
    defineField({name: 'description', type: 'text', rows: 3}),
  ],
  preview: {select: {title: 'title', subtitle: 'description'}},
})
